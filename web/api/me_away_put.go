package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

type awayRequest struct {
	From    string `json:"from"`
	To      string `json:"to"`
	StandIn string `json:"stand_in"`
}

// meAwayPut names the worker's out-of-office period and stand-in.
func (h *Handler) meAwayPut(w http.ResponseWriter, r *http.Request) error {
	var in awayRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	away, err := h.svc.SetAway(r.Context(), actor(r), in.From, in.To, in.StandIn)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, awayToJSON(away))
	return nil
}
