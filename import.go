package emessage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ImportData is an import file (SPEC section 7). Every section is optional.
type ImportData struct {
	Counties  []ImportCounty   `json:"counties"`
	Workers   []ImportWorker   `json:"workers"`
	Accounts  []ImportAccount  `json:"ssp_accounts"`
	Documents []ImportDocument `json:"documents"`
	Cases     []ImportCase     `json:"cases"`
	Messages  []ImportMessage  `json:"messages"`

	// Progress, when its functions are set, is told how the import goes.
	Progress ImportProgress `json:"-"`
}

// ImportProgress hears how far an import is, for a long file's progress
// bar; either function may be nil.
type ImportProgress struct {
	// Hashed is told of n more of the file's passwords hashed (or found
	// unchanged), of len(Workers)+len(Accounts), before any is written.
	Hashed func(n int)
	// Written is told of n more records written (or kept), of Records(),
	// inside the import's one transaction (a failed import writes none;
	// a try rolled back to be retried takes its count back, n < 0).
	Written func(n int)
}

// Records is how many records the file holds: counties, workers,
// accounts, documents, cases and messages.
func (d *ImportData) Records() int {
	return len(d.Counties) + len(d.Workers) + len(d.Accounts) + len(d.Documents) + len(d.Cases) + len(d.Messages)
}

// ImportCounty is a county in an import file.
type ImportCounty struct {
	Code                 string `json:"code"`
	Name                 string `json:"name"`
	TwoWay               bool   `json:"two_way"`
	ResponseBusinessDays *int   `json:"response_business_days"`
	// DefaultProgram is where a customer's message goes when the customer
	// does not say what it is about, on a case that has this program.
	DefaultProgram string `json:"default_program"`
	// Holidays are days (YYYY-MM-DD) that are not business days for the
	// response window; absent keeps the county's, [] clears them.
	Holidays []string `json:"holidays"`
	// ActionDueDays is the default due date of an action in calendar days
	// after sending (1 to 365); absent keeps the county's (10 for a new one).
	ActionDueDays *int `json:"action_due_days"`
	// Templates are the county's templates; absent keeps the county's, a
	// list replaces them (a template of the same code and language is
	// updated in place).
	Templates []ImportTemplate `json:"templates"`
}

// ImportTemplate is a county's template in an import file.
type ImportTemplate struct {
	Code     string `json:"code"`
	Language string `json:"language"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// ImportWorker is a worker in an import file; PasswordHash is filled before storing.
type ImportWorker struct {
	Username string   `json:"username"`
	Name     string   `json:"name"`
	County   string   `json:"county"`
	Password string   `json:"password"`
	Rights   []string `json:"rights"`
	// Disabled refuses the worker's sign-ins and ends their sessions.
	Disabled bool `json:"disabled"`
	// Supervisor is the username of the worker's supervisor, of the same
	// county ("" for none).
	Supervisor   string `json:"supervisor"`
	PasswordHash string `json:"-"`
}

// ImportAccount is an SSP account in an import file; PasswordHash is filled before storing.
type ImportAccount struct {
	Username      string `json:"username"`
	Password      string `json:"password"`
	Email         string `json:"email"`
	ENotification bool   `json:"e_notification"`
	Language      string `json:"language"`
	// Disabled refuses the account's sign-ins and ends its sessions.
	Disabled     bool   `json:"disabled"`
	PasswordHash string `json:"-"`
}

// ImportDocument is a form in an import file; PDFData is read from PDF, relative to the file.
type ImportDocument struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	SSPSendable bool   `json:"ssp_sendable"`
	PDF         string `json:"pdf"`
	PDFData     []byte `json:"-"`
}

// ImportCase is a case in an import file.
type ImportCase struct {
	Number   string          `json:"number"`
	County   string          `json:"county"`
	Status   CaseStatus      `json:"status"`
	Programs []ImportProgram `json:"programs"`
	Persons  []ImportPerson  `json:"persons"`
}

// ImportProgram is a case program and its worker's username.
type ImportProgram struct {
	Code   string `json:"code"`
	Worker string `json:"worker"`
}

// ImportPerson is a case person and the username of the SSP account linked to it.
type ImportPerson struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	SSPAccount string `json:"ssp_account"`
}

// ImportMessage is a record carried over from an older system.
type ImportMessage struct {
	ID           string     `json:"id"`
	CaseNumber   string     `json:"case_number"`
	PersonID     string     `json:"person_id"`
	Direction    Direction  `json:"direction"`
	Type         Type       `json:"type"`
	ActionType   ActionType `json:"action_type"`
	DocumentCode string     `json:"document_code"`
	// Program is a program of the case; "" for the default (the county's
	// default program when the case has it, else the case's first).
	Program   string    `json:"program"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Status    Status    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	DueDate   string    `json:"due_date"`
	InReplyTo string    `json:"in_reply_to"`
	Author    string    `json:"author"` // worker username, for to_customer records
}

// ImportResult counts what an import wrote.
type ImportResult struct {
	Counties, Workers, Accounts, Documents, Cases int
	MessagesAdded, MessagesKept                   int
}

// ReadImportFile reads and checks an import file, with the PDFs it names.
func ReadImportFile(path string) (*ImportData, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, Errorf(EInvalid, "cannot read %s: %v", path, errors.Unwrap(err))
	}
	data, err := ParseImport(raw)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	for i := range data.Documents {
		d := &data.Documents[i]
		if d.PDF == "" {
			continue
		}
		p := d.PDF
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		pdf, err := os.ReadFile(p)
		if err != nil {
			return nil, FieldError(EInvalid, fmt.Sprintf("documents[%d].pdf", i), "cannot read %s", d.PDF)
		}
		if DetectUploadType(pdf) != "application/pdf" {
			return nil, FieldError(EInvalid, fmt.Sprintf("documents[%d].pdf", i), "%s is not a PDF", d.PDF)
		}
		d.PDFData = pdf
	}
	return data, nil
}

// ParseImport decodes an import document and checks everything that can be
// checked without the database. Errors name the line or the field at fault.
func ParseImport(raw []byte) (*ImportData, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var data ImportData
	if err := dec.Decode(&data); err != nil {
		return nil, importSyntaxError(raw, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errorf(EMalformed, "unexpected content after the JSON document")
	}
	if err := data.validate(); err != nil {
		return nil, err
	}
	return &data, nil
}

func importSyntaxError(raw []byte, err error) error {
	var offset int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		offset = se.Offset
	case errors.As(err, &te):
		offset = te.Offset
		field := importPath(te.Field)
		return FieldError(EMalformed, field, "line %d: %s must be %s", lineAt(raw, offset), field, te.Type)
	}
	if offset >= 0 {
		return Errorf(EMalformed, "line %d: %v", lineAt(raw, offset), err)
	}
	return Errorf(EMalformed, "%v", err)
}

// importPath writes the path of a field as the import's messages do
// elsewhere: encoding/json's "cases.3.programs.0.worker" (Go 1.27 counts
// the elements of lists) as "cases[3].programs[0].worker".
func importPath(field string) string {
	var b strings.Builder
	for i, part := range strings.Split(field, ".") {
		switch {
		case part != "" && strings.Trim(part, "0123456789") == "":
			b.WriteString("[" + part + "]")
		case i > 0:
			b.WriteString("." + part)
		default:
			b.WriteString(part)
		}
	}
	return b.String()
}

func lineAt(raw []byte, offset int64) int {
	if offset > int64(len(raw)) {
		offset = int64(len(raw))
	}
	return bytes.Count(raw[:offset], []byte("\n")) + 1
}

func (d *ImportData) validate() error {
	for i, c := range d.Counties {
		f := fmt.Sprintf("counties[%d]", i)
		if c.Code == "" || c.Name == "" {
			return FieldError(EInvalid, f, "%s needs a code and a name", f)
		}
		if c.ResponseBusinessDays != nil && (*c.ResponseBusinessDays < 1 || *c.ResponseBusinessDays > 30) {
			return FieldError(EInvalid, f+".response_business_days", "response_business_days must be from 1 to 30")
		}
		if c.DefaultProgram != "" && !ValidProgramCode(c.DefaultProgram) {
			return FieldError(EInvalid, f+".default_program", "default_program is a program's code, like CF")
		}
		if c.ActionDueDays != nil && (*c.ActionDueDays < 1 || *c.ActionDueDays > MaxDueDays) {
			return FieldError(EInvalid, f+".action_due_days", "%s.action_due_days must be from 1 to %d days", f, MaxDueDays)
		}
		seen := map[[2]string]bool{}
		for j, t := range c.Templates {
			ft := fmt.Sprintf("%s.templates[%d]", f, j)
			if err := t.validate(ft); err != nil {
				return err
			}
			key := [2]string{t.Code, t.Language}
			if seen[key] {
				return FieldError(EInvalid, ft, "%s: %s has two templates %s in %s", ft, f, t.Code, t.Language)
			}
			seen[key] = true
		}
		for j, day := range c.Holidays {
			if _, err := time.Parse(time.DateOnly, day); err != nil {
				fh := fmt.Sprintf("%s.holidays[%d]", f, j)
				return FieldError(EInvalid, fh, "%s: %q is not a date like 2026-12-25", fh, day)
			}
		}
	}
	for i, w := range d.Workers {
		f := fmt.Sprintf("workers[%d]", i)
		if w.Username == "" || w.Name == "" || w.County == "" {
			return FieldError(EInvalid, f, "%s needs a username, a name and a county", f)
		}
		if err := checkUsername(f, w.Username); err != nil {
			return err
		}
		if err := CheckPassword(w.Username, w.Password); err != nil {
			return FieldError(EInvalid, f+".password", "%s (%s): %s", f, w.Username, ErrorMessage(err))
		}
		for _, r := range w.Rights {
			if r != RightView && r != RightSend && r != RightAdmin && r != RightSupervise {
				return FieldError(EInvalid, f+".rights", "unknown right %q", r)
			}
		}
	}
	for i, a := range d.Accounts {
		f := fmt.Sprintf("ssp_accounts[%d]", i)
		if a.Username == "" {
			return FieldError(EInvalid, f, "%s needs a username", f)
		}
		if err := checkUsername(f, a.Username); err != nil {
			return err
		}
		if err := CheckPassword(a.Username, a.Password); err != nil {
			return FieldError(EInvalid, f+".password", "%s (%s): %s", f, a.Username, ErrorMessage(err))
		}
		if a.Language == "" {
			d.Accounts[i].Language = "en"
		} else if !ValidLanguage(a.Language) {
			return FieldError(EInvalid, f+".language", "language must be en or es")
		}
		if a.Email != "" && !ValidEmail(a.Email) {
			return FieldError(EInvalid, f+".email", "%q is not an email address", a.Email)
		}
	}
	for i, doc := range d.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if doc.Code == "" || doc.Title == "" {
			return FieldError(EInvalid, f, "%s needs a code and a title", f)
		}
		if doc.SSPSendable && doc.PDF == "" {
			return FieldError(EInvalid, f+".pdf", "a sendable document needs a pdf")
		}
	}
	for i, c := range d.Cases {
		f := fmt.Sprintf("cases[%d]", i)
		if c.Number == "" || c.County == "" {
			return FieldError(EInvalid, f, "%s needs a number and a county", f)
		}
		if !c.Status.Valid() {
			return FieldError(EInvalid, f+".status", "status must be active, pending or discontinued")
		}
		for j, p := range c.Persons {
			if p.ID == "" || p.Name == "" {
				return FieldError(EInvalid, fmt.Sprintf("%s.persons[%d]", f, j), "a person needs an id and a name")
			}
		}
		for j, p := range c.Programs {
			if p.Code == "" || p.Worker == "" {
				return FieldError(EInvalid, fmt.Sprintf("%s.programs[%d]", f, j), "a program needs a code and a worker")
			}
			if !ValidProgramCode(p.Code) {
				return FieldError(EInvalid, fmt.Sprintf("%s.programs[%d].code", f, j), "a program's code is 1 to 10 capital letters and digits, like CF")
			}
		}
	}
	for i, m := range d.Messages {
		if err := m.validate(fmt.Sprintf("messages[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func (m ImportMessage) validate(f string) error {
	if m.ID == "" || m.CaseNumber == "" || m.PersonID == "" {
		return FieldError(EInvalid, f, "%s needs an id, a case_number and a person_id", f)
	}
	if m.CreatedAt.IsZero() {
		return FieldError(EInvalid, f+".created_at", "%s needs created_at", f)
	}
	if m.Program != "" && !ValidProgramCode(m.Program) {
		return FieldError(EInvalid, f+".program", "%s.program: a program's code is like CF", f)
	}
	if err := CheckText(m.Subject, m.Body); err != nil {
		e := err.(*Error)
		return FieldError(e.Code, f+"."+e.Field, "%s: %s", f, e.Message)
	}
	if !m.Status.Valid() {
		return FieldError(EInvalid, f+".status", "unknown status %q", m.Status)
	}
	allowed := map[Direction]map[Type][]Status{
		FromCustomer: {TypeMessage: {StatusReceived, StatusRead, StatusReplied}},
		ToCustomer: {
			TypeMessage: {StatusSent},
			TypeAction:  {StatusNewAction, StatusActionCompleted, StatusActionClosed},
		},
	}
	byType, ok := allowed[m.Direction]
	if !ok {
		return FieldError(EInvalid, f+".direction", "direction must be to_customer or from_customer")
	}
	statuses, ok := byType[m.Type]
	if !ok {
		return FieldError(EInvalid, f+".type", "type %q does not go %s", m.Type, m.Direction)
	}
	found := false
	for _, s := range statuses {
		found = found || s == m.Status
	}
	if !found {
		return FieldError(EInvalid, f+".status", "status %s does not fit a %s %s", m.Status, m.Direction, m.Type)
	}
	if m.Type == TypeAction {
		if m.ActionType != ActionUploadDocument && m.ActionType != ActionViewDocument {
			return FieldError(EInvalid, f+".action_type", "an action needs action_type upload_document or view_document")
		}
		if m.ActionType == ActionViewDocument && m.DocumentCode == "" {
			return FieldError(EInvalid, f+".document_code", "a view_document action needs a document_code")
		}
		if m.DueDate != "" {
			if _, err := time.Parse(time.DateOnly, m.DueDate); err != nil {
				return FieldError(EInvalid, f+".due_date", "due_date must be YYYY-MM-DD")
			}
		}
	}
	return nil
}
