package portal

import (
	"net/http"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// uploadSave takes the customer's documents for an Upload Document action
// from the message page; the service checks each file by its content and
// stores nothing when it refuses one. The page's answer box comes along, so
// that what the customer typed there is never lost.
func (h *Handler) uploadSave(w http.ResponseWriter, r *http.Request, p *view) error {
	id := r.PathValue("id")
	form, err := readPortalUpload(w, r)
	done := func(string) {}
	if err == nil {
		var sent bool
		if done, sent, err = page.FormOnce(w, r, h.svc, h.log, p.Actor, form.once); err != nil || sent {
			return err // sent before: Back then Upload, a reload, a second tab
		}
		_, _, err = h.svc.CustomerUpload(r.Context(), p.Actor, id, form.files)
	}
	if err != nil {
		done("")
	} else {
		done(messageURL(id))
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
	once := form.once
	if err == nil {
		once = page.NewOnceToken() // the upload is done: the answer box goes on with a new token
	}
	return h.renderPortalMessage(w, r, p, status, d, form.body, once)
}
