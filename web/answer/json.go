package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/county/emessage"
)

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 64 << 10

// messageJSON is an e-Message as the API shows it (SPEC section 8).
type messageJSON struct {
	ID                 string        `json:"id"`
	CaseNumber         string        `json:"case_number"`
	County             string        `json:"county"`
	Person             personRefJSON `json:"person"`
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
func (s *server) messageJSON(m *emessage.Message) messageJSON {
	j := messageJSON{
		ID:          m.ID,
		CaseNumber:  m.CaseNumber,
		County:      m.County,
		Person:      personRefJSON{ID: m.PersonID, Name: m.PersonName},
		Type:        string(m.Type),
		ActionType:  optional(string(m.ActionType)),
		Direction:   string(m.Direction),
		Subject:     m.Subject,
		Body:        m.Body,
		Status:      string(m.Status),
		StatusLabel: m.Status.Label(),
		CreatedAt:   jsonTime(m.CreatedAt),
		UpdatedAt:   jsonTime(m.UpdatedAt),
		DueDate:     optional(m.DueDate),
		Overdue:     s.svc.Overdue(m),
		ThreadID:    m.ThreadID,
		InReplyTo:   optional(m.InReplyTo),
	}
	if m.Document != nil {
		j.Document = &documentJSON{Code: m.Document.Code, Title: m.Document.Title}
	}
	if m.ViewedAt != nil {
		v := jsonTime(*m.ViewedAt)
		j.ViewedByCustomerAt = &v
	}
	return j
}

// messageDetailJSON shapes a record with its thread and history, both oldest
// first. A customer sees who changed a status by name, a worker by username.
func (s *server) messageDetailJSON(d *emessage.MessageDetail, forCustomer bool) messageDetailJSON {
	j := messageDetailJSON{
		messageJSON: s.messageJSON(d.Message),
		Thread:      make([]messageJSON, 0, len(d.Thread)),
		History:     make([]historyJSON, 0, len(d.History)),
		Uploads:     uploadsJSON(d.Uploads),
	}
	thread := slices.Clone(d.Thread)
	slices.SortStableFunc(thread, func(a, b *emessage.Message) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, m := range thread {
		j.Thread = append(j.Thread, s.messageJSON(m))
	}
	history := slices.Clone(d.History)
	slices.SortStableFunc(history, func(a, b emessage.HistoryEntry) int { return a.At.Compare(b.At) })
	for _, h := range history {
		by := h.By
		if forCustomer {
			by = h.ByName
		}
		j.History = append(j.History, historyJSON{Status: string(h.Status), At: jsonTime(h.At), By: by})
	}
	return j
}

// messageListJSON shapes a page of records.
func (s *server) messageListJSON(p *emessage.Page) messageListJSON {
	j := messageListJSON{Messages: make([]messageJSON, 0, len(p.Messages)), NextCursor: optional(p.NextCursor)}
	for _, m := range p.Messages {
		j.Messages = append(j.Messages, s.messageJSON(m))
	}
	return j
}

func uploadsJSON(ups []emessage.Upload) []uploadJSON {
	out := make([]uploadJSON, 0, len(ups))
	for _, u := range ups {
		out = append(out, uploadJSON{
			ID:          strconv.FormatInt(u.ID, 10),
			Filename:    u.Filename,
			ContentType: u.ContentType,
			Size:        u.Size,
			UploadedAt:  jsonTime(u.UploadedAt),
		})
	}
	return out
}

// jsonTime writes a time as RFC 3339 in UTC.
func jsonTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// optional turns "" into JSON null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error gets here: our shapes always marshal.
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"Something went wrong on our side. Please try again."}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// decodeJSON reads a JSON request body into dst. It refuses a body that is
// not declared as JSON (415), larger than maxJSONBody (413), not valid JSON,
// of the wrong types, with unknown fields or with anything after the object
// (400, naming the field where there is one).
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if !isJSONType(r.Header.Get("Content-Type")) {
		return emessage.Errorf(emessage.EUnsupportedType, "Send the request body as JSON, with Content-Type: application/json.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&json.RawMessage{}); err != io.EOF {
		if tooLarge(err) {
			return decodeError(err)
		}
		return emessage.Errorf(emessage.EMalformed, "The request body must hold one JSON object and nothing after it.")
	}
	return nil
}

// isJSONType reports whether a Content-Type header declares JSON.
func isJSONType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// decodeError turns a JSON decoding error into an *emessage.Error.
func decodeError(err error) error {
	var (
		syntax  *json.SyntaxError
		typ     *json.UnmarshalTypeError
		invalid *json.InvalidUnmarshalError
	)
	switch {
	case tooLarge(err):
		return emessage.Errorf(emessage.ETooLarge, "The request body is larger than %d KiB.", maxJSONBody>>10)
	case errors.Is(err, io.EOF):
		return emessage.Errorf(emessage.EMalformed, "The request body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return emessage.Errorf(emessage.EMalformed, "The request body ends before its JSON is complete.")
	case errors.As(err, &syntax):
		return emessage.Errorf(emessage.EMalformed, "The request body is not valid JSON (error at byte %d).", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return emessage.Errorf(emessage.EMalformed, "The request body must be a JSON object.")
		}
		return emessage.FieldError(emessage.EMalformed, typ.Field, "%s must be %s.", typ.Field, jsonKind(typ.Type))
	case errors.As(err, &invalid):
		return err // a programming error: a 500
	}
	// encoding/json has no error type for an unknown field, only this text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, uerr := strconv.Unquote(name); uerr == nil {
			name = unq
		}
		return emessage.FieldError(emessage.EMalformed, name, "Unknown field %q.", name)
	}
	return emessage.Errorf(emessage.EMalformed, "The request body could not be read as JSON.")
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// jsonKind names a Go type as the JSON value it expects.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a different kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a different kind of value"
}
