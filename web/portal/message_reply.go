package web

import (
	"net/http"

	"github.com/county/emessage"
)

// portalMessageReply sends the customer's answer; the county receives it as
// a new record of the thread. A refusal shows the page again with the
// answer kept.
func (s *server) portalMessageReply(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	id, body := r.PathValue("id"), formText(r.PostForm.Get("body"))
	_, err := s.svc.CustomerReply(r.Context(), p.Actor, id, body)
	if err == nil {
		http.Redirect(w, r, portalMessageURL(id)+"?done=replied", http.StatusSeeOther)
		return nil
	}
	if !formRefusal(err) {
		return err
	}
	d, derr := s.svc.CustomerMessage(r.Context(), p.Actor, id)
	if derr != nil {
		return derr
	}
	p.Errors = portalErrors(p.Lang, err, typed{Body: body}, messageFormFields)
	return s.renderPortalMessage(w, r, p, httpStatus(emessage.ErrorCode(err)), d, body)
}
