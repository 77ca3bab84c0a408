package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messageUpdate saves the Edit form: a status chosen in the Status drop
// list (Action Closed) is set; otherwise the body answers the customer
// (-> Replied). The service refuses what the worker or the record does not
// allow, and the page shows why with everything typed kept.
func (h *Handler) messageUpdate(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	body, status, back := answer.FormText(r.PostForm.Get("body")), r.PostForm.Get("status"), r.PostForm.Get("back")
	cur, err := h.svc.MessageDetail(ctx, p.Actor, id)
	if err != nil {
		return err
	}
	rights := h.svc.MessageRights(p.Actor, cur)
	once := r.PostForm.Get(page.OnceField)
	finish, sent, err := page.FormOnce(w, r, h.svc, h.log, p.Actor, once)
	if err != nil || sent { // sent before: Back then Save, a reload, a second tab
		return err
	}
	var done string
	switch {
	case status != "" && status != string(cur.Message.Status):
		_, err = h.svc.SetStatus(ctx, p.Actor, id, emessage.Status(status))
		done = "closed"
	case rights.Close && !rights.Answer:
		err = emessage.FieldError(emessage.EInvalid, "status", "Choose Action Closed from the Status drop list, then Save.")
	default:
		_, err = h.svc.Reply(ctx, p.Actor, id, body)
		done = "replied"
	}
	if err == nil {
		finish(messageURL(id, back))
		http.Redirect(w, r, messageURL(id, back)+"&done="+done, http.StatusSeeOther)
		return nil
	}
	finish("")
	code := answer.StatusOf(err)
	if code >= 500 || code == http.StatusForbidden || code == http.StatusNotFound {
		return err
	}
	d, derr := h.svc.MessageDetail(ctx, p.Actor, id)
	if derr != nil {
		return derr
	}
	data := h.detailPage(p, d, back)
	p.Errors = page.ErrorsFrom(err, editFields, nil)
	if data.Rights.Edit() {
		data.editForm(body, status, once, p.Errors)
	}
	p.Title, p.Data = "e-Messages Detail", data
	h.render(w, r, h.refused(r, err), "message", p)
	return nil
}
