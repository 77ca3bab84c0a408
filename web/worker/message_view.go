package web

import "net/http"

// viewPage is the data of the worker's View page.
type viewPage struct {
	Customer *customerMessage
	Close    linkForm
	Detail   string
}

// workerMessageView shows a record exactly as its customer sees it in the
// portal, in the customer's language. Nothing changes: a received record
// stays received and the customer's read receipt is not set.
func (s *server) workerMessageView(w http.ResponseWriter, r *http.Request, p *page) error {
	v, err := s.svc.PreviewMessage(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	back := searchBack(r.URL.Query().Get("back"))
	cm, err := s.newCustomerMessage(r.Context(), v.MessageDetail, v.Language, "", nil)
	if err != nil {
		return err
	}
	cm.Preview = true
	p.Title = "Customer's view: " + v.Message.Subject
	p.Data = &viewPage{Customer: cm, Close: newLinkForm("close-form", back), Detail: messageURL(v.Message.ID, back)}
	s.render(w, r, http.StatusOK, "worker_message_view", p)
	return nil
}
