package worker

import "net/http"

// awayShow shows the Out of office page: the period saved, if any, and
// the form to name one (SPEC section 12).
func (h *Handler) awayShow(w http.ResponseWriter, r *http.Request, p *view) error {
	cur, err := h.svc.AwayFor(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Notice = "Your out of office is saved."
	case "ended":
		p.Notice = "Your out of office has ended: your e-Messages count for you only."
	}
	data, err := h.awayForm(r.Context(), p, cur, cur.From, cur.To, cur.StandIn)
	if err != nil {
		return err
	}
	p.Title, p.Data = "Out of office", data
	h.render(w, r, http.StatusOK, "away", p)
	return nil
}
