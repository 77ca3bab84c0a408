package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// homePage is the data of the worker's home page.
type homePage struct {
	// Counts is nil when the section is hidden: a worker without
	// emessage.view, in a one-way county, or who holds no program.
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
	shows, err := h.svc.ShowsMyEmessages(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if shows {
		counts, err := h.svc.Home(r.Context(), p.Actor)
		if err != nil {
			return err
		}
		data.Counts = &counts
		data.Links = countLinks(counts, nil)
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "home", p)
	return nil
}

// countLinks are the four counts of "My e-Messages", each a link to the
// search it counts; with also (worker=...) in each link.
func countLinks(c emessage.HomeCounts, also url.Values) []homeCount {
	link := func(k, v string) string {
		q := url.Values{k: {v}}
		for key, vs := range also {
			q[key] = vs
		}
		return "/worker/messages?" + q.Encode()
	}
	return []homeCount{
		{"Received", c.Received, link("status", "received")},
		{"Read", c.Read, link("status", "read")},
		{"Action Completed", c.ActionCompleted, link("status", "action_completed")},
		{"Response Overdue", c.ResponseOverdue, link("overdue", "true")},
	}
}
