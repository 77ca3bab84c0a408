package web

import "net/http"

// apiMessagesList answers the worker's search of e-Messages, newest first.
func (s *server) apiMessagesList(w http.ResponseWriter, r *http.Request) error {
	f, err := searchFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := s.svc.SearchMessages(r.Context(), actorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageListJSON(page))
	return nil
}
