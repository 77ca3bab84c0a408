package web

import "net/http"

// workerUploadGet downloads a document a customer uploaded (audited by the service).
func (s *server) workerUploadGet(w http.ResponseWriter, r *http.Request, p *page) error {
	up, rc, err := s.svc.OpenUpload(r.Context(), p.Actor, r.PathValue("id"), r.PathValue("upload_id"))
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	s.serveDownload(w, r, up.ContentType, up.Filename, up.Size, rc)
	return nil
}
