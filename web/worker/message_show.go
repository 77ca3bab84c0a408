package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
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
	Body, Status page.Field
	// Once is the Edit form's one-time token: saving it twice answers once.
	Once        string
	Close, View page.LinkForm
	Edit        page.LinkForm
	NewAction   page.LinkForm
	// Language is the customer's language, named for the worker (SPEC
	// 18); "" when the person has no portal account.
	Language string
}

// Current reports whether a thread record is the one the page is about.
func (d *detailPage) Current(m *emessage.Message) bool { return m.ID == d.Message.ID }

// messageShow shows the e-Messages Detail page of a record: the
// record, its thread, status history, uploads and read receipt. The
// service moves a received record to read on the worker's first access.
func (h *Handler) messageShow(w http.ResponseWriter, r *http.Request, p *view) error {
	d, err := h.svc.MessageDetail(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	data := h.detailPage(p, d, r.URL.Query().Get("back"))
	if data.Language, err = h.customerLanguage(r, p, d.Message); err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "sent":
		p.Notice = "The e-Message was saved and sent to the Self-Service Portal. Status: " + d.Message.Status.Label() + "."
		if d.Message.Scheduled {
			p.Notice = "The e-Message was saved. It goes to the Self-Service Portal at its time; until then you can cancel sending it."
		}
	case "cancelled":
		p.Notice = "Sending was cancelled: the customer will never see this e-Message."
	case "replied":
		p.Notice = "Your answer was sent to the customer. The e-Message status is now Replied."
	case "again":
		p.Notice = "This e-Message was sent the first time you saved it; it was not sent again."
	case "closed":
		p.Notice = "The action is closed. The e-Message status is now Action Closed."
	}
	p.Title, p.Data = "e-Messages Detail", data
	h.render(w, r, http.StatusOK, "message", p)
	return nil
}

// customerLanguage names the language of the record's customer in English.
func (h *Handler) customerLanguage(r *http.Request, p *view, m *emessage.Message) (string, error) {
	lang, err := h.svc.CustomerLanguage(r.Context(), p.Actor, m)
	if err != nil || lang == "" {
		return "", err
	}
	return emessage.LanguageName(lang), nil
}

// detailPage builds the page's data: the thread and history oldest first,
// and the buttons the service says the worker may use.
func (h *Handler) detailPage(p *view, d *emessage.MessageDetail, back string) *detailPage {
	m := d.Message
	d.OldestFirst()
	data := &detailPage{
		MessageDetail: d, Rights: h.svc.MessageRights(p.Actor, d), Overdue: h.svc.Overdue(m),
		Back: searchBack(back),
	}
	id := url.PathEscape(m.ID)
	data.Close = page.NewLinkForm("close-form", data.Back)
	data.View = page.NewLinkForm("view-form", "/worker/messages/"+id+"/view?"+url.Values{"back": {data.Back}}.Encode())
	data.Edit = page.NewLinkForm("edit-form", "/worker/messages/"+id+"/edit?"+url.Values{"back": {data.Back}}.Encode())
	data.NewAction = page.NewLinkForm("new-action-form", "/worker/messages/new?"+url.Values{
		"case_number": {m.CaseNumber}, "person_id": {m.PersonID}, "type": {string(emessage.TypeAction)}, "back": {data.Back},
	}.Encode())
	return data
}

// editForm fills the Edit form: the body of an answer, and the Status drop
// list of an action (its status now, or Action Closed).
func (d *detailPage) editForm(body, status, once string, errs *page.Errors) {
	d.Editing = true
	d.Once = once
	if d.Once == "" {
		d.Once = page.NewOnceToken()
	}
	if d.Rights.Answer {
		d.Body = page.Field{Name: "body", Label: "e-Message Body", Value: body, Error: errs.For("body"),
			Hint: "Your answer to the customer. Saving sends it and sets the status to Replied. Up to 4000 characters.", MaxChars: emessage.MaxBody}
	}
	if d.Rights.Close {
		cur := d.Message.Status
		if status == "" {
			status = string(cur)
		}
		d.Status = page.Field{Name: "status", Label: "Status", Error: errs.For("status"),
			Hint:    "Choose Action Closed once you have reviewed the action, then Save.",
			Options: page.Options(status, string(cur), cur.Label(), string(emessage.StatusActionClosed), emessage.StatusActionClosed.Label())}
	}
}
