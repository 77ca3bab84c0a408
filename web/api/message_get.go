package web

import "net/http"

// apiMessageGet answers a record with its thread, history and uploads; the
// service moves a received record to read on the first worker access.
func (s *server) apiMessageGet(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.MessageDetail(r.Context(), actorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageDetailJSON(d, false))
	return nil
}
