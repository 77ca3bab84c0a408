package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

type teamJSON struct {
	Workers []teamMemberJSON `json:"workers"`
}

type teamMemberJSON struct {
	Username        string  `json:"username"`
	Name            string  `json:"name"`
	Away            bool    `json:"away"`
	StandIn         *string `json:"stand_in"`
	Received        int     `json:"received"`
	Read            int     `json:"read"`
	ActionCompleted int     `json:"action_completed"`
	ResponseOverdue int     `json:"response_overdue"`
}

// teamGet answers the supervisor's team with each worker's counts.
func (h *Handler) teamGet(w http.ResponseWriter, r *http.Request) error {
	team, err := h.svc.Team(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := teamJSON{Workers: make([]teamMemberJSON, 0, len(team))}
	for _, m := range team {
		out.Workers = append(out.Workers, teamMemberJSON{Username: m.Username, Name: m.Name, Away: m.Away,
			StandIn: answer.Optional(m.StandIn), Received: m.Counts.Received, Read: m.Counts.Read,
			ActionCompleted: m.Counts.ActionCompleted, ResponseOverdue: m.Counts.ResponseOverdue})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}
