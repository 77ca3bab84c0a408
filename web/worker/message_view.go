package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// viewPage is the data of the worker's View page.
type viewPage struct {
	Customer *page.CustomerMessage
	Close    page.LinkForm
	Detail   string
	// Language names the customer's language, in English.
	Language string
}

// messageView shows a record exactly as its customer sees it in the
// portal, in the customer's language. Nothing changes: a received record
// stays received and the customer's read receipt is not set.
func (h *Handler) messageView(w http.ResponseWriter, r *http.Request, p *view) error {
	v, err := h.svc.PreviewMessage(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	back := searchBack(r.URL.Query().Get("back"))
	cm, err := page.NewCustomerMessage(r.Context(), h.svc, v.MessageDetail, v.Language, "", nil)
	if err != nil {
		return err
	}
	cm.Preview = true
	p.Title = "Customer's view: " + v.Message.Subject
	p.Data = &viewPage{Customer: cm, Language: emessage.LanguageName(v.Language), Close: page.NewLinkForm("close-form", back), Detail: messageURL(v.Message.ID, back)}
	h.render(w, r, http.StatusOK, "message_view", p)
	return nil
}
