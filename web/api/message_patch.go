package web

import (
	"net/http"

	"github.com/county/emessage"
)

type messagePatchRequest struct {
	Status string `json:"status"`
}

// apiMessagePatch sets a record's status by hand (Action Closed).
func (s *server) apiMessagePatch(w http.ResponseWriter, r *http.Request) error {
	var in messagePatchRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.svc.SetStatus(r.Context(), actorFrom(r.Context()), r.PathValue("id"), emessage.Status(in.Status))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.messageJSON(m))
	return nil
}
