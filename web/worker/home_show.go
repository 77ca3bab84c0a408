package worker

import (
	"net/http"

	"github.com/county/emessage"
)

// homePage is the data of the worker's home page.
type homePage struct {
	// Counts is nil when the worker may not see e-Messages: the section is hidden.
	Counts *emessage.HomeCounts
	Links  []homeCount
}

// homeCount is one number of "My e-Messages", linking to the search it counts.
type homeCount struct {
	Label string
	N     int
	URL   string
}

// homeShow shows the home page with "My e-Messages" (R10): four counts of
// the worker's caseload, expanded when any is above zero, each a link to the
// search page with the matching filters.
func (h *Handler) homeShow(w http.ResponseWriter, r *http.Request, p *view) error {
	p.Title = "Home"
	data := &homePage{}
	counts, err := h.svc.Home(r.Context(), p.Actor)
	switch {
	case err == nil:
		data.Counts = &counts
		data.Links = []homeCount{
			{"Received", counts.Received, "/worker/messages?status=received"},
			{"Read", counts.Read, "/worker/messages?status=read"},
			{"Action Completed", counts.ActionCompleted, "/worker/messages?status=action_completed"},
			{"Response Overdue", counts.ResponseOverdue, "/worker/messages?overdue=true"},
		}
	case emessage.ErrorCode(err) != emessage.EForbidden:
		return err
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "home", p)
	return nil
}
