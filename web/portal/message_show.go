package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// messageFormFields are the fields of the message page's form, in order.
var messageFormFields = []string{"file", "body"}

// messageShow shows a record and its thread. Opening it records the
// customer's read receipt (the service does). Another customer's record
// is not found (R9), as any address that leads nowhere.
func (h *Handler) messageShow(w http.ResponseWriter, r *http.Request, p *view) error {
	d, err := h.svc.CustomerMessage(r.Context(), p.Actor, r.PathValue("id"))
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
	return h.renderPortalMessage(w, r, p, http.StatusOK, d, "")
}

// renderPortalMessage shows the message page of d, the answer box holding body.
func (h *Handler) renderPortalMessage(w http.ResponseWriter, r *http.Request, p *view, status int, d *emessage.MessageDetail, body string) error {
	cm, err := page.NewCustomerMessage(r.Context(), h.svc, d, p.Lang, body, p.Errors)
	if err != nil {
		return err
	}
	p.Title, p.Data = d.Message.Subject, cm
	h.render(w, r, status, "message", p)
	return nil
}
