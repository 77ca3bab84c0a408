package web

import "net/http"

type replyRequest struct {
	Body string `json:"body"`
}

// apiMessageReply answers a customer's record; it responds with the answered
// record, now replied (the answer is in its thread).
func (s *server) apiMessageReply(w http.ResponseWriter, r *http.Request) error {
	var in replyRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.svc.Reply(r.Context(), actorFrom(r.Context()), r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageJSON(m))
	return nil
}
