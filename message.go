package emessage

import "time"

// Type is what kind of e-Message a record is.
type Type string

// The e-Message types.
const (
	TypeMessage Type = "message"
	TypeAction  Type = "action"
)

// ActionType is what an Action Request asks of the customer.
type ActionType string

// The action types.
const (
	ActionUploadDocument ActionType = "upload_document"
	ActionViewDocument   ActionType = "view_document"
)

// Direction says who wrote a record.
type Direction string

// The directions.
const (
	ToCustomer   Direction = "to_customer"
	FromCustomer Direction = "from_customer"
)

// Limits of R5 and R9, in Unicode characters and bytes.
const (
	MaxSubject        = 100
	MaxBody           = 4000
	MaxUploadSize     = 10 << 20
	MaxUploadsPerItem = 5
)

// Message is one record in a thread between a case person and the county.
type Message struct {
	ID           string
	CaseID       int64
	CaseNumber   string
	County       string
	TwoWay       bool // the county's Two Way Messaging
	ResponseDays int  // the county's response window in business days
	// Holidays are the county's days off (YYYY-MM-DD, sorted), which the
	// response window does not count.
	Holidays   []string
	PersonKey  int64 // internal person key
	PersonID   string
	PersonName string
	AccountID  int64  // the person's SSP account at the time of writing
	Program    string // the code of the program of the case the record belongs to (SPEC 11)
	// OwnerID, OwnerUsername and OwnerName are the worker assigned to the
	// record's program today (0 and "" when none): the record's owner.
	OwnerID                  int64
	OwnerUsername, OwnerName string
	Type                     Type
	ActionType               ActionType // actions only
	Document                 *Document  // view_document actions only (without PDF)
	Direction                Direction
	Subject                  string
	Body                     string
	Status                   Status
	CreatedAt                time.Time
	UpdatedAt                time.Time
	AuthorKind               string // "worker" or "ssp"
	AuthorID                 int64
	AuthorUsername           string
	DueDate                  string // YYYY-MM-DD, actions only
	ViewedAt                 *time.Time
	ThreadID                 string
	InReplyTo                string
	LegacyID                 string
	UploadCount              int
	// Archived is set on a record of an archived thread: it is read, never
	// changed (retention.go).
	Archived bool
	// SeenBy are the workers who opened a customer's record (turn.go): set
	// on worker searches and details, nil elsewhere.
	SeenBy []Seen
	// SendAt is when a worker chose the record to go out (SPEC 22), nil
	// for a record sent at once. While Scheduled, the record waits for
	// that time: listed for workers, invisible to the customer, announced
	// to nobody (schedule.go). Cancelled: cancelled before its time, and
	// never shown to the customer.
	SendAt    *time.Time
	Scheduled bool
	Cancelled bool
}

// HiddenFromCustomer reports whether the customer may not see the record
// (SPEC 22): it waits for its send time, or was cancelled before it.
func (m *Message) HiddenFromCustomer() bool { return m.Scheduled || m.Cancelled }

// IsAction reports whether the record is an Action Request.
func (m *Message) IsAction() bool { return m.Type == TypeAction }

// HistoryEntry is one status change of a message.
type HistoryEntry struct {
	Status Status
	At     time.Time
	ByKind string
	ByID   int64
	By     string // username of the worker or account
	ByName string
	// Note says what else the entry tells (SPEC 22): NoteScheduled,
	// NoteReleased or NoteCancelled; "" for an ordinary status change.
	Note HistoryNote
}

// HistoryNote is what a history entry tells besides its status.
type HistoryNote string

// The history notes of a scheduled send.
const (
	NoteScheduled HistoryNote = "scheduled" // written to go out at its send time
	NoteReleased  HistoryNote = "released"  // gone out to the customer at its send time
	NoteCancelled HistoryNote = "cancelled" // cancelled before sending
)

// HistoryNotes lists the history notes (the API's HistoryNote enum).
var HistoryNotes = []HistoryNote{NoteScheduled, NoteReleased, NoteCancelled}

// Upload is a document an SSP user uploaded to an action.
type Upload struct {
	ID int64 // the database's row number: never shown, never in an address
	// PublicID names the upload in addresses, JSON and the audit trail: an
	// opaque id (NewUploadID) that tells nothing of how many there are.
	PublicID    string
	MessageID   string
	Filename    string // as the customer named it, with its type's extension (UploadName); shown, never used as a path
	ContentType string
	Size        int64
	StorageName string // generated name in the document store
	SHA256      string
	UploadedAt  time.Time
	AccountID   int64
	Trimmed     int64 // bytes the check took off around the document (CheckUpload)
}

// MessageDetail is a message with its thread, history and uploads.
type MessageDetail struct {
	Message *Message
	Thread  []*Message
	History []HistoryEntry
	Uploads []Upload
}

// HomeCounts are the worker's "My e-Messages" counts.
type HomeCounts struct {
	Received        int
	Read            int
	ActionCompleted int
	ResponseOverdue int
}

// Any reports whether any count is above zero (the section is then expanded).
func (h HomeCounts) Any() bool {
	return h.Received+h.Read+h.ActionCompleted+h.ResponseOverdue > 0
}
