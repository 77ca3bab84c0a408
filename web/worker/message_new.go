package worker

import (
	"net/http"
	"net/url"
)

// messageNew shows the e-Messages Detail page for a new record.
// Its query may prefill the form (case_number, person_id, type,
// action_type, back): the Add e-Message buttons, the "new action request"
// button, and a browser without JavaScript asking for the persons of a
// case all come here.
func (h *Handler) messageNew(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.requireSend(p); err != nil {
		return err
	}
	q := r.URL.Query()
	d := draftFrom(url.Values{
		"case_number": q["case_number"], "person_id": q["person_id"], "type": q["type"],
		"action_type": q["action_type"], "back": q["back"],
	})
	return h.renderMessageForm(w, r, p, http.StatusOK, d, nil)
}
