package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

type homeJSON struct {
	MyEmessages homeCountsJSON `json:"my_emessages"`
}

type homeCountsJSON struct {
	Received        int `json:"received"`
	Read            int `json:"read"`
	ActionCompleted int `json:"action_completed"`
	ResponseOverdue int `json:"response_overdue"`
}

// homeGet answers the worker's "My e-Messages" counts.
func (h *Handler) homeGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.svc.Home(r.Context(), actor(r))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, homeJSON{MyEmessages: homeCountsJSON{
		Received: c.Received, Read: c.Read, ActionCompleted: c.ActionCompleted, ResponseOverdue: c.ResponseOverdue,
	}})
	return nil
}
