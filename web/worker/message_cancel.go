package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// messageCancel takes the Detail page's Cancel sending button: a record
// scheduled for later never goes out (SPEC 22). Once it went out (or was
// cancelled in another tab), the error page says so.
func (h *Handler) messageCancel(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.requireSend(p); err != nil {
		return err
	}
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	id, back := r.PathValue("id"), r.PostForm.Get("back")
	if _, err := h.svc.CancelScheduled(r.Context(), p.Actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, messageURL(id, back)+"&done=cancelled", http.StatusSeeOther)
	return nil
}
