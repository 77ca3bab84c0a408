package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// teamPage is the data of the team page: a row a worker.
type teamPage struct {
	Rows []teamRow
}

// teamRow is a worker of the supervisor's team, each count a link to the
// search it counts in that worker's caseload.
type teamRow struct {
	emessage.TeamMember
	Links []homeCount
}

// teamShow shows the workers whose supervisor the signed-in worker is,
// with their four counts and whether they are away (SPEC section 12).
func (h *Handler) teamShow(w http.ResponseWriter, r *http.Request, p *view) error {
	team, err := h.svc.Team(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	data := &teamPage{}
	for _, m := range team {
		data.Rows = append(data.Rows, teamRow{TeamMember: m, Links: countLinks(m.Counts, url.Values{"worker": {m.Username}})})
	}
	p.Title, p.Data = "My team", data
	h.render(w, r, http.StatusOK, "team", p)
	return nil
}
