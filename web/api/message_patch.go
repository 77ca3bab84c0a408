package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type messagePatchRequest struct {
	Status string `json:"status"`
}

// messagePatch sets a record's status by hand (Action Closed).
func (h *Handler) messagePatch(w http.ResponseWriter, r *http.Request) error {
	var in messagePatchRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.SetStatus(r.Context(), actor(r), r.PathValue("id"), emessage.Status(in.Status))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageJSON(m))
	return nil
}
