package web

import (
	"net/http"

	"github.com/county/emessage"
)

// workerMessageEditForm shows the Detail page with its Edit form: the
// e-Message Body to answer a customer's message, the Status drop list to
// close an action.
func (s *server) workerMessageEditForm(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := s.requireSend(p); err != nil {
		return err
	}
	d, err := s.svc.MessageDetail(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	data := s.detailPage(p, d, r.URL.Query().Get("back"))
	status := http.StatusOK
	if data.Rights.Edit() {
		data.editForm("", "", nil)
	} else {
		status = http.StatusConflict
		p.Errors = &formErrors{General: []string{"This e-Message is " + d.Message.Status.Label() + ": there is nothing to answer or close on it."}}
	}
	p.Title, p.Data = "e-Messages Detail", data
	s.render(w, r, status, "worker_message", p)
	return nil
}

// workerMessageEdit saves the Edit form: a status chosen in the Status drop
// list (Action Closed) is set; otherwise the body answers the customer
// (-> Replied). The service refuses what the worker or the record does not
// allow, and the page shows why with everything typed kept.
func (s *server) workerMessageEdit(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	body, status, back := formText(r.PostForm.Get("body")), r.PostForm.Get("status"), r.PostForm.Get("back")
	cur, err := s.svc.MessageDetail(ctx, p.Actor, id)
	if err != nil {
		return err
	}
	rights := s.svc.MessageRights(p.Actor, cur.Message)
	var done string
	switch {
	case status != "" && status != string(cur.Message.Status):
		_, err = s.svc.SetStatus(ctx, p.Actor, id, emessage.Status(status))
		done = "closed"
	case rights.Close && !rights.Answer:
		err = emessage.FieldError(emessage.EInvalid, "status", "Choose Action Closed from the Status drop list, then Save.")
	default:
		_, err = s.svc.Reply(ctx, p.Actor, id, body)
		done = "replied"
	}
	if err == nil {
		http.Redirect(w, r, messageURL(id, back)+"&done="+done, http.StatusSeeOther)
		return nil
	}
	code := httpStatus(emessage.ErrorCode(err))
	if code >= 500 || code == http.StatusForbidden || code == http.StatusNotFound {
		return err
	}
	d, derr := s.svc.MessageDetail(ctx, p.Actor, id)
	if derr != nil {
		return derr
	}
	data := s.detailPage(p, d, back)
	p.Errors = errorsFrom(err, editFields, nil)
	if data.Rights.Edit() {
		data.editForm(body, status, p.Errors)
	}
	p.Title, p.Data = "e-Messages Detail", data
	s.render(w, r, code, "worker_message", p)
	return nil
}
