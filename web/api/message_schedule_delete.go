package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// messageScheduleDelete cancels a scheduled record before its send time
// (SPEC 22): 200 with the record, now cancelled; 409 once it was sent.
func (h *Handler) messageScheduleDelete(w http.ResponseWriter, r *http.Request) error {
	m, err := h.svc.CancelScheduled(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageJSON(m))
	return nil
}
