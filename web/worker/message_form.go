package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// messageFields are the fields of the e-Messages Detail form for a new
// record, in the order the form shows them; their names are the API's.
var messageFields = []string{"case_number", "person_id", "type", "action_type", "document_code", "due_date", "subject", "body"}

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
	CaseNumber, PersonID, Type, ActionType, DocumentCode, DueDate, Subject, Body string
	// Back is the search page to go back to with Close.
	Back string
}

// draftFrom reads a draft from form or query values.
func draftFrom(v url.Values) messageDraft {
	return messageDraft{
		CaseNumber:   strings.TrimSpace(v.Get("case_number")),
		PersonID:     v.Get("person_id"),
		Type:         v.Get("type"),
		ActionType:   v.Get("action_type"),
		DocumentCode: v.Get("document_code"),
		DueDate:      v.Get("due_date"),
		Subject:      v.Get("subject"),
		Body:         formText(v.Get("body")),
		Back:         searchBack(v.Get("back")),
	}
}

// hidden lists the draft as hidden fields, but for those named in skip.
func (d messageDraft) hidden(skip ...string) []hiddenField {
	all := []hiddenField{
		{"case_number", d.CaseNumber}, {"person_id", d.PersonID}, {"type", d.Type},
		{"action_type", d.ActionType}, {"document_code", d.DocumentCode}, {"due_date", d.DueDate},
		{"subject", d.Subject}, {"body", d.Body}, {"back", d.Back},
	}
	out := all[:0]
	for _, h := range all {
		if h.Value != "" && !contains(skip, h.Name) {
			out = append(out, h)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// hiddenField is a name and value carried by a form.
type hiddenField struct{ Name, Value string }

// newMessage is the draft as the service takes it. The action's fields go
// only with an action.
func (d messageDraft) newMessage() emessage.NewMessage {
	in := emessage.NewMessage{
		CaseNumber: d.CaseNumber, PersonID: d.PersonID, Type: emessage.Type(d.Type),
		Subject: d.Subject, Body: d.Body,
	}
	if in.Type == emessage.TypeAction {
		in.ActionType, in.DueDate = emessage.ActionType(d.ActionType), d.DueDate
		if in.ActionType == emessage.ActionViewDocument {
			in.DocumentCode = d.DocumentCode
		}
	}
	return in
}

// searchBack returns a search page address to go back to, or the search page.
func searchBack(v string) string {
	p := workerSite.localPath(v)
	if p != "/worker/messages" && !strings.HasPrefix(p, "/worker/messages?") {
		return "/worker/messages"
	}
	return p
}

// messageFormPage is the data of the e-Messages Detail page for a new record.
type messageFormPage struct {
	Draft                                messageDraft
	CaseNumber, Person, Type, ActionType formField
	Document, DueDate, Subject, Body     formField
	PersonsShown                         bool // a case is entered and found: the Person Name list shows
}

// messageForm builds the form for a draft: the persons of its case (when
// one is entered and the worker may see it), the types the county allows
// and the sendable forms. An error finding the case goes beside the Case
// Number unless errs has one already.
func (s *server) messageForm(ctx context.Context, p *page, d messageDraft, errs *formErrors) (*messageFormPage, error) {
	if errs == nil {
		errs = &formErrors{}
	}
	f := &messageFormPage{Draft: d}
	persons := []fieldOption{{Value: "", Label: "- Select -"}}
	if d.CaseNumber != "" {
		sum, err := s.svc.CaseSummary(ctx, p.Actor, d.CaseNumber)
		switch code := emessage.ErrorCode(err); {
		case err == nil:
			f.PersonsShown = true
			for _, per := range sum.Case.Persons {
				label := per.Name
				if !per.Linked() {
					label += " (no SSP account)"
				}
				persons = append(persons, fieldOption{Value: per.PersonID, Label: label, Selected: per.PersonID == d.PersonID})
			}
		case code == emessage.ENotFound:
			if errs.For("case_number") == "" {
				errs.add("case_number", emessage.ErrorMessage(err), messageFields)
			}
		default:
			return nil, err
		}
	}
	docs, err := s.svc.SendableDocuments(ctx, p.Actor)
	if err != nil {
		return nil, err
	}
	docOptions := []fieldOption{{Value: "", Label: "- Select -"}}
	for _, doc := range docs {
		docOptions = append(docOptions, fieldOption{Value: doc.Code, Label: doc.Code + " – " + doc.Title, Selected: doc.Code == d.DocumentCode})
	}
	typePairs := []string{"", "- Select -", "message", "Message"}
	if p.TwoWay() {
		typePairs = append(typePairs, "action", "Action")
	}
	f.CaseNumber = formField{Name: "case_number", Label: "Case Number", Value: d.CaseNumber, Error: errs.For("case_number"),
		Hint: "Type the case number, or find the case with Select.", Autocomplete: "off", Class: "case-number-group"}
	f.Person = formField{Name: "person_id", Label: "Person Name", Options: persons, Error: errs.For("person_id"),
		Hint: "Only persons with a Self-Service Portal account can get e-Messages."}
	f.Type = formField{Name: "type", Label: "e-Message Type", Options: options(d.Type, typePairs...), Error: errs.For("type")}
	if !p.TwoWay() {
		f.Type.Hint = "Your county has not opted into Two Way Messaging, so it sends e-Messages of type Message only."
	}
	f.ActionType = formField{Name: "action_type", Label: "Action Type", Error: errs.For("action_type"),
		Options: options(d.ActionType, "", "- Select -", "upload_document", "Upload Document", "view_document", "View Document"),
		Hint:    "For an Action only.", Class: "js-action-only"}
	f.Document = formField{Name: "document_code", Label: "View Documents", Options: docOptions, Error: errs.For("document_code"),
		Hint: "For a View Document action only. Only forms that can be sent through the Self-Service Portal are listed.", Class: "js-view-document-only"}
	f.DueDate = formField{Name: "due_date", Label: "Due Date", Type: "date", Value: d.DueDate, Error: errs.For("due_date"),
		Hint: "For an Action only. Leave it empty for " + strconv.Itoa(emessage.DefaultDueDays) + " days from today.", Class: "js-action-only"}
	f.Subject = formField{Name: "subject", Label: "e-Message Subject", Value: d.Subject, Error: errs.For("subject"),
		Hint: "Up to " + strconv.Itoa(emessage.MaxSubject) + " characters.", MaxLength: emessage.MaxSubject, Autocomplete: "off"}
	f.Body = formField{Name: "body", Label: "e-Message Body", Value: d.Body, Error: errs.For("body"),
		Hint: "Up to " + strconv.Itoa(emessage.MaxBody) + " characters.", MaxChars: emessage.MaxBody}
	return f, nil
}
