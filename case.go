package emessage

import (
	"strings"
	"time"
)

// County is a county office and whether it opted into Two Way Messaging.
type County struct {
	Code                 string
	Name                 string
	TwoWay               bool
	ResponseBusinessDays int // how long a worker has to answer a customer's message
	// DefaultProgram is the program a customer's message goes to when the
	// customer names none, when the case has it ("" for none).
	DefaultProgram string
	// Holidays are the county's days off (YYYY-MM-DD, sorted): not business
	// days for the response window (SPEC section 13).
	Holidays []string
	// ActionDueDays is how many calendar days after sending an action is
	// due when the worker sets no due date.
	ActionDueDays int
	// RetentionYears is how long closed threads stay in the hot tables
	// before they are archived (0: for ever).
	RetentionYears int
}

// Defaults of a county's settings when none are given.
const (
	DefaultResponseBusinessDays = 2
	DefaultDueDays              = 10  // County.ActionDueDays
	MaxDueDays                  = 365 // the longest ActionDueDays a county may set
)

// DueDays is the county's default due date of an action in days after sending.
func (c *County) DueDays() int {
	if c.ActionDueDays <= 0 {
		return DefaultDueDays
	}
	return c.ActionDueDays
}

// CaseStatus is the eligibility status of a case.
type CaseStatus string

// The case statuses.
const (
	CaseActive       CaseStatus = "active"
	CasePending      CaseStatus = "pending"
	CaseDiscontinued CaseStatus = "discontinued"
)

// NormalizeCaseNumber turns a case number as a worker or a customer types
// it into the form the case system gives and the store keeps: capitals,
// without the spaces around it ("b1000001 " is case B1000001).
func NormalizeCaseNumber(typed string) string { return strings.ToUpper(strings.TrimSpace(typed)) }

// Valid reports whether s is a known case status.
func (s CaseStatus) Valid() bool {
	return s == CaseActive || s == CasePending || s == CaseDiscontinued
}

// Open reports whether messages may be sent on a case in this status (R3).
func (s CaseStatus) Open() bool { return s == CaseActive || s == CasePending }

// Case is a benefits case with its programs and persons.
type Case struct {
	ID       int64
	Number   string
	County   string
	Status   CaseStatus
	Programs []Program
	Persons  []Person
}

// Program is a program of a case (CF, MC, CW, ...) and the worker assigned to it.
type Program struct {
	Code           string
	WorkerID       int64
	WorkerUsername string
	WorkerName     string
}

// Person is a member of a case, possibly linked to an SSP account.
type Person struct {
	ID        int64  // internal key
	PersonID  string // the person's id as the case system knows it (API "id")
	Name      string
	AccountID int64 // 0 when not linked to an SSP account
	// Language is the language of the person's SSP account, the customer's
	// language (R8); "" when not linked.
	Language string
}

// Linked reports whether the person has an SSP account.
func (p Person) Linked() bool { return p.AccountID != 0 }

// Person returns the case's person with the given id.
func (c *Case) Person(personID string) (Person, bool) {
	for _, p := range c.Persons {
		if p.PersonID == personID {
			return p, true
		}
	}
	return Person{}, false
}

// Document is a form or notice of action that can be sent to a customer:
// a form of the state's catalogue, or a case's own document (SPEC 14),
// which goes only to its case, and to its person when it names one.
type Document struct {
	Code        string
	Title       string
	SSPSendable bool
	PDF         []byte // loaded only where the file is served

	// A case's own document: its case and person (0 and "" for the
	// catalogue's forms, and for a document of the whole case).
	CaseID     int64
	CaseNumber string
	PersonKey  int64
	PersonID   string
	// File names a case document's PDF in the document store (the
	// catalogue's forms keep theirs in the database); Size is its bytes.
	File      string
	Size      int64
	UpdatedAt time.Time
}

// OfCase reports whether the document is a case's own.
func (d *Document) OfCase() bool { return d.CaseID != 0 }
