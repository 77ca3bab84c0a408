package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// uploadGet streams a document a customer uploaded to a record of the worker's county.
func (h *Handler) uploadGet(w http.ResponseWriter, r *http.Request) error {
	up, rc, err := h.svc.OpenUpload(r.Context(), actor(r), r.PathValue("id"), r.PathValue("upload_id"))
	if err != nil {
		return err
	}
	defer rc.Close()
	answer.Download(h.log, w, r, up.ContentType, up.Filename, up.Size, rc)
	return nil
}
