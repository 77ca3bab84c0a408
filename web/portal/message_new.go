package portal

import (
	"net/http"

	"github.com/county/emessage"
)

// messageNew shows the New message form.
func (h *Handler) messageNew(w http.ResponseWriter, r *http.Request, p *view) error {
	p.Title = p.T("new_title")
	p.Data = newMessageForm(p, emessage.NewCustomerMessage{CaseNumber: r.URL.Query().Get("case_number")})
	h.render(w, r, http.StatusOK, "message_new", p)
	return nil
}
