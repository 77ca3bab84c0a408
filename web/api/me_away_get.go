package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// meAwayGet answers the worker's out-of-office period.
func (h *Handler) meAwayGet(w http.ResponseWriter, r *http.Request) error {
	away, err := h.svc.AwayFor(r.Context(), actor(r))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, awayToJSON(away))
	return nil
}
