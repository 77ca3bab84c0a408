package portal

import (
	"net/http"
	"strings"

	"github.com/county/emessage"
)

// uploadSave takes the customer's documents for an Upload Document action
// from the message page; the service checks each file by its content and
// stores nothing when it refuses one. The page's answer box comes along, so
// that what the customer typed there is never lost.
func (h *Handler) uploadSave(w http.ResponseWriter, r *http.Request, p *view) error {
	id := r.PathValue("id")
	form, err := readPortalUpload(w, r)
	if err == nil {
		_, _, err = h.svc.CustomerUpload(r.Context(), p.Actor, id, form.files)
	}
	if err == nil && strings.TrimSpace(form.body) == "" {
		http.Redirect(w, r, messageURL(id)+"?done=uploaded", http.StatusSeeOther)
		return nil
	}
	if err != nil && !formRefusal(err) {
		return err
	}
	d, derr := h.svc.CustomerMessage(r.Context(), p.Actor, id)
	if derr != nil {
		return derr
	}
	status := http.StatusOK
	if err != nil {
		left := 0
		if d.Message.ActionType == emessage.ActionUploadDocument {
			left = max(0, emessage.MaxUploadsPerItem-d.Message.UploadCount)
		}
		p.Errors = portalErrors(p.Lang, err, typed{Files: form.names, UploadsLeft: left, Upload: true, Body: form.body}, messageFormFields)
		status = h.refused(r, err)
	} else {
		p.Notice = p.T("done_uploaded") // the answer typed meanwhile stays in its box, not sent
	}
	return h.renderPortalMessage(w, r, p, status, d, form.body)
}
