package worker

import (
	"net/http"

	"github.com/county/emessage/web/page"
)

// messageEdit shows the Detail page with its Edit form: the
// e-Message Body to answer a customer's message, the Status drop list to
// close an action.
func (h *Handler) messageEdit(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.requireSend(p); err != nil {
		return err
	}
	d, err := h.svc.MessageDetail(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	data := h.detailPage(p, d, r.URL.Query().Get("back"))
	status := http.StatusOK
	if data.Rights.Edit() {
		data.editForm("", "", nil)
	} else {
		status = http.StatusConflict
		p.Errors = &page.Errors{General: []string{"This e-Message is " + d.Message.Status.Label() + ": there is nothing to answer or close on it."}}
	}
	p.Title, p.Data = "e-Messages Detail", data
	h.render(w, r, status, "message", p)
	return nil
}
