package web

import "net/http"

// apiSSPMessageReply answers a record of the customer's thread; it responds
// with the new received record.
func (s *server) apiSSPMessageReply(w http.ResponseWriter, r *http.Request) error {
	var in replyRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.svc.CustomerReply(r.Context(), actorFrom(r.Context()), r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.messageJSON(m))
	return nil
}
