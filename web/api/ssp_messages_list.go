package web

import "net/http"

// apiSSPMessagesList answers the messages of the persons linked to the customer's account.
func (s *server) apiSSPMessagesList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := parseLimit(q)
	if err != nil {
		return err
	}
	page, err := s.svc.CustomerMessages(r.Context(), actorFrom(r.Context()), limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageListJSON(page))
	return nil
}
