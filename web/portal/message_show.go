package web

import (
	"net/http"

	"github.com/county/emessage"
)

// messageFormFields are the fields of the message page's form, in order.
var messageFormFields = []string{"file", "body"}

// portalMessageGet shows a record and its thread. Opening it records the
// customer's read receipt (the service does). Another customer's record
// is not found (R9), as any address that leads nowhere.
func (s *server) portalMessageGet(w http.ResponseWriter, r *http.Request, p *page) error {
	d, err := s.svc.CustomerMessage(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "replied":
		p.Notice = p.T("done_replied")
	case "uploaded":
		p.Notice = p.T("done_uploaded")
	case "sent":
		p.Notice = p.T("done_sent")
	}
	return s.renderPortalMessage(w, r, p, http.StatusOK, d, "")
}

// renderPortalMessage shows the message page of d, the answer box holding body.
func (s *server) renderPortalMessage(w http.ResponseWriter, r *http.Request, p *page, status int, d *emessage.MessageDetail, body string) error {
	cm, err := s.newCustomerMessage(r.Context(), d, p.Lang, body, p.Errors)
	if err != nil {
		return err
	}
	p.Title, p.Data = d.Message.Subject, cm
	s.render(w, r, status, "portal_message", p)
	return nil
}
