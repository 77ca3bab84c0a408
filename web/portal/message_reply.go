package portal

import (
	"net/http"

	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messageReply sends the customer's answer; the county receives it as
// a new record of the thread. A refusal shows the page again with the
// answer kept.
func (h *Handler) messageReply(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	id, body := r.PathValue("id"), answer.FormText(r.PostForm.Get("body"))
	done, sent, err := page.FormOnce(w, r, h.svc, h.log, p.Actor, r.PostForm.Get(page.OnceField))
	if err != nil || sent { // sent before: Back then Save, a reload, a second tab
		return err
	}
	_, err = h.svc.CustomerReply(r.Context(), p.Actor, id, body)
	if err == nil {
		done(messageURL(id))
		http.Redirect(w, r, messageURL(id)+"?done=replied", http.StatusSeeOther)
		return nil
	}
	done("")
	if !formRefusal(err) {
		return err
	}
	d, derr := h.svc.CustomerMessage(r.Context(), p.Actor, id)
	if derr != nil {
		return derr
	}
	p.Errors = portalErrors(p.Lang, err, typed{Body: body}, messageFormFields)
	return h.renderPortalMessage(w, r, p, h.refused(r, err), d, body, r.PostForm.Get(page.OnceField))
}
