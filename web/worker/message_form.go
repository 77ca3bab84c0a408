package worker

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messageFields are the fields of the e-Messages Detail form for a new
// record, in the order the form shows them; their names are the API's.
var messageFields = []string{"case_number", "person_id", "program", "type", "action_type", "document_code", "due_date", "subject", "template", "body", "send_at"}

// messageFallback places errors that name no field: a case that is not
// found belongs to the Case Number, a county without Two Way Messaging to
// the e-Message Type.
var messageFallback = map[string]string{
	emessage.ENotFound:       "case_number",
	emessage.ETwoWayDisabled: "type",
}

// messageDraft is what the worker typed into the Detail form for a new
// record; it travels through the Select case search in hidden fields.
type messageDraft struct {
	CaseNumber, PersonID, Program, Type, ActionType, DocumentCode, DueDate, Subject, Body string
	// SendAt is the Send later field as typed: a date and time in the
	// county's zone (datetime-local), "" to send now (SPEC 22).
	SendAt string
	// Template is the template chosen to insert (templateKey), "" for none.
	Template string
	// Back is the search page to go back to with Close.
	Back string
	// Once is the form's one-time token: saving it twice sends one e-Message.
	Once string
}

// draftFrom reads a draft from form or query values.
func draftFrom(v url.Values) messageDraft {
	return messageDraft{
		CaseNumber:   strings.TrimSpace(v.Get("case_number")),
		PersonID:     v.Get("person_id"),
		Program:      v.Get("program"),
		Type:         v.Get("type"),
		ActionType:   v.Get("action_type"),
		DocumentCode: v.Get("document_code"),
		DueDate:      v.Get("due_date"),
		Subject:      v.Get("subject"),
		Body:         answer.FormText(v.Get("body")),
		SendAt:       strings.TrimSpace(v.Get("send_at")),
		Template:     v.Get("template"),
		Back:         searchBack(v.Get("back")),
		Once:         v.Get(page.OnceField),
	}
}

// hidden lists the draft as hidden fields, but for those named in skip.
func (d messageDraft) hidden(skip ...string) []page.Hidden {
	all := []page.Hidden{
		{Name: "case_number", Value: d.CaseNumber}, {Name: "person_id", Value: d.PersonID}, {Name: "program", Value: d.Program}, {Name: "type", Value: d.Type},
		{Name: "action_type", Value: d.ActionType}, {Name: "document_code", Value: d.DocumentCode}, {Name: "due_date", Value: d.DueDate},
		{Name: "subject", Value: d.Subject}, {Name: "body", Value: d.Body}, {Name: "send_at", Value: d.SendAt},
		{Name: "back", Value: d.Back}, {Name: page.OnceField, Value: d.Once},
	}
	out := all[:0]
	for _, h := range all {
		if h.Value != "" && !slices.Contains(skip, h.Name) {
			out = append(out, h)
		}
	}
	return out
}

// newMessage is the draft as the service takes it, its send time read in
// loc, the county's zone. The action's fields go only with an action.
func (d messageDraft) newMessage(loc *time.Location) (emessage.NewMessage, error) {
	in := emessage.NewMessage{
		CaseNumber: d.CaseNumber, PersonID: d.PersonID, Program: d.Program, Type: emessage.Type(d.Type),
		Subject: d.Subject, Body: d.Body,
	}
	var err error
	if in.SendAt, err = emessage.ParseLocalSendAt(d.SendAt, loc); err != nil {
		return in, err
	}
	if in.Type == emessage.TypeAction {
		in.ActionType, in.DueDate = emessage.ActionType(d.ActionType), d.DueDate
		if in.ActionType == emessage.ActionViewDocument {
			in.DocumentCode = d.DocumentCode
		}
	}
	return in, nil
}

// searchBack returns a search page address to go back to, or the search page.
func searchBack(v string) string {
	p := workerSite.LocalPath(v)
	if p != "/worker/messages" && !strings.HasPrefix(p, "/worker/messages?") {
		return "/worker/messages"
	}
	return p
}

// messageFormPage is the data of the e-Messages Detail page for a new record.
type messageFormPage struct {
	Draft                                         messageDraft
	CaseNumber, Person, Program, Type, ActionType page.Field
	Document, DueDate, Subject, Body              page.Field
	SendAt                                        page.Field // Send later
	PersonsShown                                  bool       // a case is entered and found: the Person Name list shows
	// Template is the Insert a template list, and Templates its choices with
	// their bodies for the script; none when the county has no templates.
	Template  page.Field
	Templates []templateOption
}

// templateOption is a choice of the Insert a template list.
type templateOption struct {
	Key, Label, Language, Body string
	Selected                   bool
}

// templateKey names a template in the Insert a template list: language and code.
func templateKey(t emessage.Template) string { return t.Language + ":" + t.Code }

// messageForm builds the form for a draft: the persons of its case (when
// one is entered and the worker may see it), the types the county allows
// and the sendable forms. An error finding the case goes beside the Case
// Number unless errs has one already.
func (h *Handler) messageForm(ctx context.Context, p *view, d messageDraft, errs *page.Errors) (*messageFormPage, error) {
	if errs == nil {
		errs = &page.Errors{}
	}
	if d.Once == "" {
		d.Once = page.NewOnceToken()
	}
	f := &messageFormPage{Draft: d}
	persons := []page.Option{{Value: "", Label: "- Select -"}}
	var programs []page.Option
	var theCase *emessage.Case
	if d.CaseNumber != "" {
		sum, err := h.svc.CaseSummary(ctx, p.Actor, d.CaseNumber)
		switch code := emessage.ErrorCode(err); {
		case err == nil:
			f.PersonsShown, theCase = true, sum.Case
			for _, per := range sum.Case.Persons {
				label := per.Name
				if !per.Linked() {
					label += " (no SSP account)"
				}
				persons = append(persons, page.Option{Value: per.PersonID, Label: label, Selected: per.PersonID == d.PersonID,
					Language: per.Language})
			}
			programs = programOptions(sum.Case, p.Actor, d.Program)
		case code == emessage.ENotFound:
			if errs.For("case_number") == "" {
				errs.Add("case_number", emessage.ErrorMessage(err), messageFields)
			}
		default:
			return nil, err
		}
	}
	caseNumber := ""
	if theCase != nil {
		caseNumber = theCase.Number
	}
	docs, err := h.svc.SendableDocuments(ctx, p.Actor, caseNumber)
	if err != nil {
		return nil, err
	}
	docOptions := append([]page.Option{{Value: "", Label: "- Select -"}}, documentOptions(docs, theCase, d.DocumentCode)...)
	typePairs := []string{"", "- Select -", string(emessage.TypeMessage), emessage.TypeMessage.Label()}
	if p.TwoWay() {
		typePairs = append(typePairs, string(emessage.TypeAction), emessage.TypeAction.Label())
	}
	f.CaseNumber = page.Field{Name: "case_number", Label: "Case Number", Value: d.CaseNumber, Error: errs.For("case_number"),
		Hint: "Type the case number, or find the case with Select.", Autocomplete: "off", Class: "case-number-group"}
	f.Person = page.Field{Name: "person_id", Label: "Person Name", Options: persons, Error: errs.For("person_id"),
		Hint: "Only persons with a Self-Service Portal account can get e-Messages."}
	f.Program = page.Field{Name: "program", Label: "Program", Options: programs, Error: errs.For("program"),
		Hint: "The program the e-Message is about: its worker counts the customer's answers in My e-Messages."}
	f.Type = page.Field{Name: "type", Label: "e-Message Type", Options: page.Options(d.Type, typePairs...), Error: errs.For("type")}
	if !p.TwoWay() {
		f.Type.Hint = "Your county has not opted into Two Way Messaging, so it sends e-Messages of type Message only."
	}
	f.ActionType = page.Field{Name: "action_type", Label: "Action Type", Error: errs.For("action_type"),
		Options: page.Options(d.ActionType, "", "- Select -", string(emessage.ActionUploadDocument), emessage.ActionUploadDocument.Label(),
			string(emessage.ActionViewDocument), emessage.ActionViewDocument.Label()),
		Hint: "For an Action only.", Class: "js-action-only"}
	f.Document = page.Field{Name: "document_code", Label: "View Documents", Options: docOptions, Error: errs.For("document_code"),
		Hint: "For a View Document action only. The case's own notices come first, then the forms that can be sent through the Self-Service Portal.", Class: "js-view-document-only"}
	f.DueDate = page.Field{Name: "due_date", Label: "Due Date", Type: "date", Value: d.DueDate, Error: errs.For("due_date"),
		Hint: "For an Action only. Leave it empty for " + strconv.Itoa(p.ActionDueDays()) + " days from today.", Class: "js-action-only"}
	f.Subject = page.Field{Name: "subject", Label: "e-Message Subject", Value: d.Subject, Error: errs.For("subject"),
		Hint: "Up to " + strconv.Itoa(emessage.MaxSubject) + " characters.", MaxLength: emessage.MaxSubject, Autocomplete: "off"}
	f.Body = page.Field{Name: "body", Label: "e-Message Body", Value: d.Body, Error: errs.For("body"),
		Hint: "Up to " + strconv.Itoa(emessage.MaxBody) + " characters.", MaxChars: emessage.MaxBody}
	zone := h.svc.Now().In(h.svc.Location).Format("MST")
	f.SendAt = page.Field{Name: "send_at", Label: "Send later (optional)", Type: "datetime-local", Value: d.SendAt, Error: errs.For("send_at"),
		Hint: "Leave it empty to send now. Or choose a date and time, in " + zone + " (" + h.svc.Location.String() +
			"), up to 90 days ahead: until then the customer does not see it, and you can cancel sending it."}
	templates, err := h.svc.TemplatesFor(ctx, p.Actor, theCase, d.PersonID)
	if err != nil {
		return nil, err
	}
	for _, t := range templates {
		f.Templates = append(f.Templates, templateOption{Key: templateKey(t), Language: t.Language, Body: t.Body,
			Label: t.Title + " (" + emessage.LanguageName(t.Language) + ")", Selected: templateKey(t) == d.Template})
	}
	f.Template = page.Field{Name: "template", Label: "Insert a template", Error: errs.For("template"),
		Hint: "Templates in the customer's language come first. Insert adds the template's text to the e-Message Body, where you can still change it."}
	return f, nil
}

// requireSend refuses the pages that send, answer or close to a worker
// without emessage.send before any typing, with the service's explanation.
func (h *Handler) requireSend(p *view) error {
	return h.svc.RequireRight(p.Actor, emessage.RightSend)
}

func (h *Handler) renderMessageForm(w http.ResponseWriter, r *http.Request, p *view, status int, d messageDraft, errs *page.Errors) error {
	f, err := h.messageForm(r.Context(), p, d, errs)
	if err != nil {
		return err
	}
	p.Title, p.Errors, p.Data = "e-Messages Detail", errs, f
	h.render(w, r, status, "message_new", p)
	return nil
}

// messageURL is the Detail page of a record, remembering the search to go back to.
func messageURL(id, back string) string {
	return "/worker/messages/" + url.PathEscape(id) + "?" + url.Values{"back": {searchBack(back)}}.Encode()
}

// documentOptions lists the documents of the View Documents list: a case's
// own (first) say so, and name their person when they are for one alone.
func documentOptions(docs []emessage.Document, c *emessage.Case, chosen string) []page.Option {
	out := make([]page.Option, 0, len(docs))
	for _, doc := range docs {
		label := doc.Code + " – " + doc.Title
		if doc.OfCase() {
			label += " (this case's notice"
			if per, ok := c.Person(doc.PersonID); ok && doc.PersonID != "" {
				label += ", for " + per.Name
			}
			label += ")"
		}
		out = append(out, page.Option{Value: doc.Code, Label: label, Selected: doc.Code == chosen})
	}
	return out
}

// programOptions lists the programs of case c with their workers, chosen
// the one asked for, else the one the service takes when none is named
// (the worker's own on the case, else the case's first).
func programOptions(c *emessage.Case, a emessage.Actor, chosen string) []page.Option {
	if _, ok := c.Program(chosen); !ok {
		chosen = c.ProgramForWorker(a.ID)
	}
	out := make([]page.Option, 0, len(c.Programs))
	for _, pr := range c.Programs {
		out = append(out, page.Option{Value: pr.Code, Selected: pr.Code == chosen,
			Label: pr.Code + " – " + emessage.ProgramName(pr.Code) + " (" + pr.WorkerName + ")"})
	}
	return out
}
