package web

import "net/http"

// apiUploadGet streams a document a customer uploaded to a record of the worker's county.
func (s *server) apiUploadGet(w http.ResponseWriter, r *http.Request) error {
	up, rc, err := s.svc.OpenUpload(r.Context(), actorFrom(r.Context()), r.PathValue("id"), r.PathValue("upload_id"))
	if err != nil {
		return err
	}
	defer rc.Close()
	s.serveDownload(w, r, up.ContentType, up.Filename, up.Size, rc)
	return nil
}
