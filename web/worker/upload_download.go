package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// uploadDownload downloads a document a customer uploaded (audited by the service).
func (h *Handler) uploadDownload(w http.ResponseWriter, r *http.Request, p *view) error {
	up, rc, err := h.svc.OpenUpload(r.Context(), p.Actor, r.PathValue("id"), r.PathValue("upload_id"))
	if err != nil {
		return err
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	answer.Download(h.log, w, r, up.ContentType, up.Filename, up.Size, rc)
	return nil
}
