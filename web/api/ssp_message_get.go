package web

import "net/http"

// apiSSPMessageGet answers a customer's message and its thread; the service
// records the read receipt.
func (s *server) apiSSPMessageGet(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.CustomerMessage(r.Context(), actorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageDetailJSON(d, true))
	return nil
}
