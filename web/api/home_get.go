package web

import "net/http"

type homeJSON struct {
	MyEmessages homeCountsJSON `json:"my_emessages"`
}

type homeCountsJSON struct {
	Received        int `json:"received"`
	Read            int `json:"read"`
	ActionCompleted int `json:"action_completed"`
	ResponseOverdue int `json:"response_overdue"`
}

// apiHome answers the worker's "My e-Messages" counts.
func (s *server) apiHome(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.Home(r.Context(), actorFrom(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, homeJSON{MyEmessages: homeCountsJSON{
		Received: c.Received, Read: c.Read, ActionCompleted: c.ActionCompleted, ResponseOverdue: c.ResponseOverdue,
	}})
	return nil
}
