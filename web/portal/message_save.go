package portal

import (
	"net/http"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messageSave sends the customer's message to the county; the county
// receives it as a new record. A refusal shows the form again with
// everything typed kept.
func (h *Handler) messageSave(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	in := emessage.NewCustomerMessage{
		CaseNumber: strings.TrimSpace(r.PostForm.Get("case_number")),
		Program:    r.PostForm.Get("program"),
		Subject:    r.PostForm.Get("subject"),
		Body:       answer.FormText(r.PostForm.Get("body")),
	}
	if in.Program == notSure {
		in.Program = ""
	}
	done, sent, err := page.FormOnce(w, r, h.svc, h.log, p.Actor, r.PostForm.Get(page.OnceField))
	if err != nil || sent { // sent before: Back then Save, a reload, a second tab
		return err
	}
	m, err := h.svc.CustomerSend(r.Context(), p.Actor, in)
	if err == nil {
		done(messageURL(m.ID))
		http.Redirect(w, r, messageURL(m.ID)+"?done=sent", http.StatusSeeOther)
		return nil
	}
	done("")
	if !formRefusal(err) {
		return err
	}
	p.Errors = portalErrors(p.Lang, err, typed{Subject: in.Subject, Body: in.Body}, newMessageFields)
	p.Title = p.T("new_title")
	p.Data = newMessageForm(p, in, r.PostForm.Get(page.OnceField))
	h.render(w, r, h.refused(r, err), "message_new", p)
	return nil
}
