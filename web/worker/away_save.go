package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// awaySave saves the Out of office form. A refusal shows the form again
// with what was typed kept and the fault beside its field.
func (h *Handler) awaySave(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	from, to, standIn := r.PostForm.Get("from"), r.PostForm.Get("to"), r.PostForm.Get("stand_in")
	_, err := h.svc.SetAway(r.Context(), p.Actor, from, to, standIn)
	if err == nil {
		http.Redirect(w, r, awayPath+"?done=saved", http.StatusSeeOther)
		return nil
	}
	if answer.StatusOf(err) >= 500 {
		return err
	}
	status := h.refused(r, err)
	p.Errors = page.ErrorsFrom(err, awayFields, nil)
	cur, cerr := h.svc.AwayFor(r.Context(), p.Actor)
	if cerr != nil {
		return cerr
	}
	data, derr := h.awayForm(r.Context(), p, cur, from, to, standIn)
	if derr != nil {
		return derr
	}
	p.Title, p.Data = "Out of office", data
	h.render(w, r, status, "away", p)
	return nil
}

// awayPath is the address of the Out of office page.
const awayPath = "/worker/away"
