package web

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// maxFormBody bounds a page's form: a 4000-character body is at most 16 KB
// of UTF-8, sent percent-encoded.
const maxFormBody = 256 << 10

// parsePageForm reads a posted form, bounded.
func parsePageForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		if tooLarge(err) {
			return emessage.Errorf(emessage.ETooLarge, "The form is larger than %d KB.", maxFormBody>>10)
		}
		return emessage.Errorf(emessage.EMalformed, "The form could not be read. Please try again.")
	}
	return nil
}

// workerMessageNewForm shows the e-Messages Detail page for a new record.
// Its query may prefill the form (case_number, person_id, type,
// action_type, back): the Add e-Message buttons, the "new action request"
// button, and a browser without JavaScript asking for the persons of a
// case all come here.
func (s *server) workerMessageNewForm(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := s.requireSend(p); err != nil {
		return err
	}
	q := r.URL.Query()
	d := draftFrom(url.Values{
		"case_number": q["case_number"], "person_id": q["person_id"], "type": q["type"],
		"action_type": q["action_type"], "back": q["back"],
	})
	return s.renderMessageForm(w, r, p, http.StatusOK, d, nil)
}

// workerMessageNew takes the posted Detail form. Its buttons: Save sends the
// e-Message; Select opens the case search; the persons button (for browsers
// without JavaScript) shows the Person Name list of the typed case. Nothing
// typed is lost on the way.
func (s *server) workerMessageNew(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := s.requireSend(p); err != nil {
		return err
	}
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	d := draftFrom(r.PostForm)
	if chosen := r.PostForm.Get("choose"); chosen != "" {
		d.CaseNumber, d.PersonID = chosen, ""
		return s.renderMessageForm(w, r, p, http.StatusOK, d, nil)
	}
	switch r.PostForm.Get("do") {
	case "select", "find":
		return s.renderCaseSelect(w, r, p, d)
	case "persons", "back":
		return s.renderMessageForm(w, r, p, http.StatusOK, d, nil)
	case "save":
	default:
		return emessage.Errorf(emessage.EMalformed, "The form was sent without one of its buttons. Please try again.")
	}
	m, err := s.svc.SendMessage(r.Context(), p.Actor, d.newMessage())
	if err != nil {
		if httpStatus(emessage.ErrorCode(err)) >= 500 {
			return err
		}
		return s.renderMessageForm(w, r, p, httpStatus(emessage.ErrorCode(err)), d,
			errorsFrom(err, messageFields, messageFallback))
	}
	http.Redirect(w, r, messageURL(m.ID, d.Back)+"&done=sent", http.StatusSeeOther)
	return nil
}

// requireSend refuses the pages that send, answer or close to a worker
// without emessage.send before any typing, with the service's explanation.
func (s *server) requireSend(p *page) error {
	return s.svc.RequireRight(p.Actor, emessage.RightSend)
}

func (s *server) renderMessageForm(w http.ResponseWriter, r *http.Request, p *page, status int, d messageDraft, errs *formErrors) error {
	f, err := s.messageForm(r.Context(), p, d, errs)
	if err != nil {
		return err
	}
	p.Title, p.Errors, p.Data = "e-Messages Detail", errs, f
	s.render(w, r, status, "worker_message_new", p)
	return nil
}

// messageURL is the Detail page of a record, remembering the search to go back to.
func messageURL(id, back string) string {
	return "/worker/messages/" + url.PathEscape(id) + "?" + url.Values{"back": {searchBack(back)}}.Encode()
}
