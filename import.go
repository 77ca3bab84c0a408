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
	// County, when set, is the one county the import may touch: a sync by
	// a county-bound system token (SPEC 15). Anything of another county is
	// refused with EForbidden, naming the field.
	County string `json:"-"`
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
	// RetentionYears is how many years closed threads stay in the hot
	// tables before "emessage archive" moves them to the archive (0 to
	// 100; 0 keeps them there for ever); absent keeps the county's.
	RetentionYears *int `json:"retention_years"`
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
	Disabled bool `json:"disabled"`
	// Phone (E.164 once imported; "" clears it) and SMSNotification are
	// the account's texts (SPEC 20). Left out, each keeps what the account
	// has: the customer may have set them in the portal. Texts the
	// customer stopped by answering STOP stay off until they turn them on.
	Phone           *string `json:"phone"`
	SMSNotification *bool   `json:"sms_notification"`
	PasswordHash    string  `json:"-"`
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

// Passwords counts the passwords the file gives, each hashed on import.
func (d *ImportData) Passwords() int {
	n := 0
	for _, w := range d.Workers {
		if w.Password != "" {
			n++
		}
	}
	for _, a := range d.Accounts {
		if a.Password != "" {
			n++
		}
	}
	return n
}

// ImportResult counts what an import wrote.
type ImportResult struct {
	Counties, Workers, Accounts, Documents, Cases ImportCount
	MessagesAdded, MessagesKept                   int
}

// ImportCount counts the rows of one section that an import added, and
// those it found and changed; a row found as the file has it is neither,
// so a second import of the same file counts nothing.
type ImportCount struct {
	Added, Updated int
}

// Add adds another import's counts to r.
func (r *ImportResult) Add(o ImportResult) {
	theirs := o.counts()
	for i, c := range r.counts() {
		c.Added += theirs[i].Added
		c.Updated += theirs[i].Updated
	}
	r.MessagesAdded += o.MessagesAdded
	r.MessagesKept += o.MessagesKept
}

func (r *ImportResult) counts() []*ImportCount {
	return []*ImportCount{&r.Counties, &r.Workers, &r.Accounts, &r.Documents, &r.Cases}
}

// String tells an import's counts in one line, for the console and the audit.
func (r ImportResult) String() string {
	names := []string{"counties", "workers", "SSP accounts", "documents", "cases"}
	var b strings.Builder
	for i, c := range r.counts() {
		fmt.Fprintf(&b, "%s %d added, %d updated; ", names[i], c.Added, c.Updated)
	}
	fmt.Fprintf(&b, "messages %d added, %d already there", r.MessagesAdded, r.MessagesKept)
	return b.String()
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
