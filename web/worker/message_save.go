package worker

import (
	"net/http"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messageSave takes the posted Detail form. Its buttons: Save sends the
// e-Message; Select opens the case search; the persons button (for browsers
// without JavaScript) shows the Person Name list of the typed case; Insert
// (the script does it in place) adds the chosen template to the body.
// Nothing typed is lost on the way.
func (h *Handler) messageSave(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.requireSend(p); err != nil {
		return err
	}
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	d := draftFrom(r.PostForm)
	if chosen := r.PostForm.Get("choose"); chosen != "" {
		d.CaseNumber, d.PersonID = chosen, ""
		return h.renderMessageForm(w, r, p, http.StatusOK, d, nil)
	}
	switch r.PostForm.Get("do") {
	case "select", "find":
		return h.renderCaseSelect(w, r, p, d)
	case "persons", "back":
		return h.renderMessageForm(w, r, p, http.StatusOK, d, nil)
	case "template":
		return h.insertTemplate(w, r, p, d)
	case "save":
	default:
		return emessage.Errorf(emessage.EMalformed, "The form was sent without one of its buttons. Please try again.")
	}
	done, sent, err := page.FormOnce(w, r, h.svc, h.log, p.Actor, d.Once)
	if err != nil || sent { // sent before: Back then Save, a reload, a second tab
		return err
	}
	in, err := d.newMessage(h.svc.Location)
	var m *emessage.Message
	if err == nil {
		m, err = h.svc.SendMessage(r.Context(), p.Actor, in)
	}
	if err != nil {
		done("")
		if answer.StatusOf(err) >= 500 {
			return err
		}
		return h.renderMessageForm(w, r, p, h.refused(r, err), d,
			page.ErrorsFrom(err, messageFields, messageFallback))
	}
	done(messageURL(m.ID, d.Back))
	http.Redirect(w, r, messageURL(m.ID, d.Back)+"&done=sent", http.StatusSeeOther)
	return nil
}

// insertTemplate shows the form again with the chosen template's text added
// to the body, or, when it cannot be, the reason beside the template list.
func (h *Handler) insertTemplate(w http.ResponseWriter, r *http.Request, p *view, d messageDraft) error {
	lang, code, _ := strings.Cut(d.Template, ":")
	body, err := h.svc.InsertTemplate(r.Context(), p.Actor, d.Body, code, lang)
	if err != nil {
		if answer.StatusOf(err) >= 500 {
			return err
		}
		return h.renderMessageForm(w, r, p, h.refused(r, err), d, page.ErrorsFrom(err, messageFields, nil))
	}
	d.Body, d.Template = body, ""
	return h.renderMessageForm(w, r, p, http.StatusOK, d, nil)
}
