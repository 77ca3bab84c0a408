package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/county/emessage"
)

// editFields are the fields of the Edit form of an existing record.
var editFields = []string{"status", "body"}

// detailPage is the data of the e-Messages Detail page of an existing record.
type detailPage struct {
	*emessage.MessageDetail
	Rights  emessage.MessageRights
	Overdue bool
	Back    string // the search to go back to with Close
	// Editing shows the Edit form: Body to answer, Status to close.
	Editing      bool
	Body, Status formField
	Close, View  linkForm
	Edit         linkForm
	NewAction    linkForm
}

// Current reports whether a thread record is the one the page is about.
func (d *detailPage) Current(m *emessage.Message) bool { return m.ID == d.Message.ID }

// workerMessageGet shows the e-Messages Detail page of a record: the
// record, its thread, status history, uploads and read receipt. The
// service moves a received record to read on the worker's first access.
func (s *server) workerMessageGet(w http.ResponseWriter, r *http.Request, p *page) error {
	d, err := s.svc.MessageDetail(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	data := s.detailPage(p, d, r.URL.Query().Get("back"))
	switch r.URL.Query().Get("done") {
	case "sent":
		p.Notice = "The e-Message was saved and sent to the Self-Service Portal. Status: " + d.Message.Status.Label() + "."
	case "replied":
		p.Notice = "Your answer was sent to the customer. The e-Message status is now Replied."
	case "closed":
		p.Notice = "The action is closed. The e-Message status is now Action Closed."
	}
	p.Title, p.Data = "e-Messages Detail", data
	s.render(w, r, http.StatusOK, "worker_message", p)
	return nil
}

// detailPage builds the page's data: the thread and history oldest first,
// and the buttons the service says the worker may use.
func (s *server) detailPage(p *page, d *emessage.MessageDetail, back string) *detailPage {
	m := d.Message
	sortThread(d)
	data := &detailPage{
		MessageDetail: d, Rights: s.svc.MessageRights(p.Actor, m), Overdue: s.svc.Overdue(m),
		Back: searchBack(back),
	}
	id := url.PathEscape(m.ID)
	data.Close = newLinkForm("close-form", data.Back)
	data.View = newLinkForm("view-form", "/worker/messages/"+id+"/view?"+url.Values{"back": {data.Back}}.Encode())
	data.Edit = newLinkForm("edit-form", "/worker/messages/"+id+"/edit?"+url.Values{"back": {data.Back}}.Encode())
	data.NewAction = newLinkForm("new-action-form", "/worker/messages/new?"+url.Values{
		"case_number": {m.CaseNumber}, "person_id": {m.PersonID}, "type": {string(emessage.TypeAction)}, "back": {data.Back},
	}.Encode())
	return data
}

// editForm fills the Edit form: the body of an answer, and the Status drop
// list of an action (its status now, or Action Closed).
func (d *detailPage) editForm(body, status string, errs *formErrors) {
	d.Editing = true
	if d.Rights.Answer {
		d.Body = formField{Name: "body", Label: "e-Message Body", Value: body, Error: errs.For("body"),
			Hint: "Your answer to the customer. Saving sends it and sets the status to Replied. Up to 4000 characters.", MaxChars: emessage.MaxBody}
	}
	if d.Rights.Close {
		cur := d.Message.Status
		if status == "" {
			status = string(cur)
		}
		d.Status = formField{Name: "status", Label: "Status", Error: errs.For("status"),
			Hint:    "Choose Action Closed once you have reviewed the action, then Save.",
			Options: options(status, string(cur), cur.Label(), string(emessage.StatusActionClosed), emessage.StatusActionClosed.Label())}
	}
}

// sortThread puts a record's thread and history oldest first.
func sortThread(d *emessage.MessageDetail) {
	d.Thread = slices.Clone(d.Thread)
	slices.SortStableFunc(d.Thread, func(a, b *emessage.Message) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	d.History = slices.Clone(d.History)
	slices.SortStableFunc(d.History, func(a, b emessage.HistoryEntry) int { return a.At.Compare(b.At) })
}
