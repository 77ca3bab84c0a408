package api

import (
	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// messageJSON is an e-Message as the API shows it (SPEC section 8).
type messageJSON struct {
	ID                 string        `json:"id"`
	CaseNumber         string        `json:"case_number"`
	County             string        `json:"county"`
	Person             personRefJSON `json:"person"`
	Program            *programJSON  `json:"program"`
	Type               string        `json:"type"`
	ActionType         *string       `json:"action_type"`
	Document           *documentJSON `json:"document"`
	Direction          string        `json:"direction"`
	Subject            string        `json:"subject"`
	Body               string        `json:"body"`
	Status             string        `json:"status"`
	StatusLabel        string        `json:"status_label"`
	CreatedAt          string        `json:"created_at"`
	UpdatedAt          string        `json:"updated_at"`
	DueDate            *string       `json:"due_date"`
	Overdue            bool          `json:"overdue"`
	ViewedByCustomerAt *string       `json:"viewed_by_customer_at"`
	ThreadID           string        `json:"thread_id"`
	InReplyTo          *string       `json:"in_reply_to"`
	// WaitingOn is whose turn it is: "county" or "customer", null for a
	// closed action (SPEC 22).
	WaitingOn *string `json:"waiting_on"`
	// SeenBy are the workers who opened a customer's record, on a
	// worker's answer only (SPEC 22).
	SeenBy *[]seenJSON `json:"seen_by,omitempty"`
	// Scheduled: the record waits for SendAt, invisible to the customer;
	// Cancelled: cancelled before it went out (SPEC 22). SendAt only when
	// the send was scheduled.
	Scheduled bool    `json:"scheduled"`
	SendAt    *string `json:"send_at,omitempty"`
	Cancelled bool    `json:"cancelled"`
}

// seenJSON is a worker's first opening of a customer's record.
type seenJSON struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	At       string `json:"at"`
}

// programJSON names the program a record belongs to (SPEC section 11).
type programJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type personRefJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// documentJSON is a form: in a message, and in the list of sendable forms.
type documentJSON struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// messageDetailJSON is a message with its thread, history and uploads.
type messageDetailJSON struct {
	messageJSON
	Thread  []messageJSON `json:"thread"`
	History []historyJSON `json:"history"`
	Uploads []uploadJSON  `json:"uploads"`
}

type historyJSON struct {
	Status string `json:"status"`
	At     string `json:"at"`
	By     string `json:"by"`
	// Note is what else the entry tells a worker: "scheduled", "released"
	// or "cancelled" (SPEC 22); absent for an ordinary status change.
	Note string `json:"note,omitempty"`
}

type uploadJSON struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	UploadedAt  string `json:"uploaded_at"`
}

// messageListJSON is one page of a newest-first list.
type messageListJSON struct {
	Messages   []messageJSON `json:"messages"`
	NextCursor *string       `json:"next_cursor"`
}

// messageJSON shapes a record; overdue is the service's judgement at this moment.
func (h *Handler) messageJSON(m *emessage.Message) messageJSON {
	j := messageJSON{
		ID:          m.ID,
		CaseNumber:  m.CaseNumber,
		County:      m.County,
		Person:      personRefJSON{ID: m.PersonID, Name: m.PersonName},
		Type:        string(m.Type),
		ActionType:  answer.Optional(string(m.ActionType)),
		Direction:   string(m.Direction),
		Subject:     m.Subject,
		Body:        m.Body,
		Status:      string(m.Status),
		StatusLabel: m.Status.Label(),
		CreatedAt:   answer.Time(m.CreatedAt),
		UpdatedAt:   answer.Time(m.UpdatedAt),
		DueDate:     answer.Optional(m.DueDate),
		Overdue:     h.svc.Overdue(m),
		ThreadID:    m.ThreadID,
		InReplyTo:   answer.Optional(m.InReplyTo),
		WaitingOn:   answer.Optional(string(m.WaitingOn())),
		Scheduled:   m.Scheduled,
		Cancelled:   m.Cancelled,
	}
	if m.SendAt != nil {
		at := answer.Time(*m.SendAt)
		j.SendAt = &at
	}
	if m.SeenBy != nil {
		seen := make([]seenJSON, len(m.SeenBy))
		for i, s := range m.SeenBy {
			seen[i] = seenJSON{Username: s.Username, Name: s.Name, At: answer.Time(s.At)}
		}
		j.SeenBy = &seen
	}
	if m.Document != nil {
		j.Document = &documentJSON{Code: m.Document.Code, Title: m.Document.Title}
	}
	if m.Program != "" {
		j.Program = &programJSON{Code: m.Program, Name: emessage.ProgramName(m.Program)}
	}
	if m.ViewedAt != nil {
		v := answer.Time(*m.ViewedAt)
		j.ViewedByCustomerAt = &v
	}
	return j
}

// messageDetailJSON shapes a record with its thread and history, both oldest
// first. A customer sees who changed a status by name, a worker by username.
func (h *Handler) messageDetailJSON(d *emessage.MessageDetail, forCustomer bool) messageDetailJSON {
	j := messageDetailJSON{
		messageJSON: h.messageJSON(d.Message),
		Thread:      make([]messageJSON, 0, len(d.Thread)),
		History:     make([]historyJSON, 0, len(d.History)),
		Uploads:     uploadsJSON(d.Uploads),
	}
	d.OldestFirst()
	for _, m := range d.Thread {
		j.Thread = append(j.Thread, h.messageJSON(m))
	}
	for _, e := range d.History {
		by, note := e.By, string(e.Note)
		if forCustomer {
			by, note = e.ByName, ""
		}
		j.History = append(j.History, historyJSON{Status: string(e.Status), At: answer.Time(e.At), By: by, Note: note})
	}
	return j
}

// messageListJSON shapes a page of records.
func (h *Handler) messageListJSON(p *emessage.Page) messageListJSON {
	j := messageListJSON{Messages: make([]messageJSON, 0, len(p.Messages)), NextCursor: answer.Optional(p.NextCursor)}
	for _, m := range p.Messages {
		j.Messages = append(j.Messages, h.messageJSON(m))
	}
	return j
}

func uploadsJSON(ups []emessage.Upload) []uploadJSON {
	out := make([]uploadJSON, 0, len(ups))
	for _, u := range ups {
		out = append(out, uploadJSON{
			ID:          u.PublicID,
			Filename:    u.Filename,
			ContentType: u.ContentType,
			Size:        u.Size,
			UploadedAt:  answer.Time(u.UploadedAt),
		})
	}
	return out
}
