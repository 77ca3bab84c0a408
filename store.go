package emessage

import (
	"context"
	"time"
)

// Store keeps everything the service knows. Implementations translate their
// database errors into *Error codes: ENotFound for a missing row, EConflict
// for a unique key taken, EInvalidTransition for a conditional status update
// that matched nothing.
type Store interface {
	AuthStore
	MFAStore
	CaseStore
	MessageStore
	NotificationStore
	TextStore
	WebhookStore
	AuditStore
	TeamStore
	OnceStore
	SystemStore
	CaseDocumentStore
	ArchiveStore
	SeenStore
	ScheduleStore
	// Import writes a whole import file in one transaction, or nothing.
	Import(ctx context.Context, data *ImportData) (ImportResult, error)
	Close() error
}

// AuthStore keeps workers, SSP accounts and sign-in sessions.
type AuthStore interface {
	WorkerByUsername(ctx context.Context, username string) (*Worker, error)
	AccountByUsername(ctx context.Context, username string) (*Account, error)
	// WorkersByUsernameFold returns the workers, disabled or not, whose
	// username is username but for the case of the letters A to Z.
	WorkersByUsernameFold(ctx context.Context, username string) ([]Worker, error)
	Account(ctx context.Context, id int64) (*Account, error)
	// UpdateAccount saves email, e-Notification, language, phone and texts
	// on or off (clearing SMSStopped when they are on), with its audit
	// entry; texts waiting for the account are called off when texts are
	// off or the phone changed.
	UpdateAccount(ctx context.Context, a *Account, audit AuditEntry) error
	CreateSession(ctx context.Context, s Session) error
	// SessionActor returns the actor and the session of a token not past its
	// absolute end (ENotFound when none).
	SessionActor(ctx context.Context, tokenHash string, now time.Time) (Actor, Session, error)
	// TouchSession records activity on a session, for the idle timeout.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
}

// Session is a sign-in; only the hash of its token is kept.
type Session struct {
	TokenHash string
	Role      Role
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time // the absolute end
	LastSeen  time.Time // the last activity, at a minute's precision
}

// MFAStore keeps the workers' second factor (ASVS V6.4-V6.6): the
// authenticator app's secret, the recovery codes (hashes only), and the
// sign-ins waiting for a code.
type MFAStore interface {
	// Worker returns a worker by id, disabled or not.
	Worker(ctx context.Context, id int64) (*Worker, error)
	// SetPendingTOTP keeps a secret being set up, replacing any other.
	SetPendingTOTP(ctx context.Context, workerID int64, secret string, at time.Time) error
	// EnableTOTP makes the pending secret the worker's, if it is still
	// secret (EConflict otherwise), with step as the last step used, and
	// replaces the recovery codes with these hashes, with its audit entry.
	// It ends every other session of the worker (all but the session whose
	// token hash is keep): they were opened without the app.
	EnableTOTP(ctx context.Context, workerID int64, keep, secret string, step int64, codeHashes []string, audit AuditEntry) error
	// DisableTOTP forgets the secret, pending or not, and the recovery codes.
	DisableTOTP(ctx context.Context, workerID int64, audit AuditEntry) error
	// ReplaceRecoveryCodes replaces the worker's recovery codes with these hashes.
	ReplaceRecoveryCodes(ctx context.Context, workerID int64, codeHashes []string, audit AuditEntry) error
	// RecoveryCodesLeft counts the worker's unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, workerID int64) (int, error)
	// UseTOTPStep records step as the last step used, only if it comes after
	// the last one: false when it does not (a code used again), so that two
	// sign-ins racing with the same code cannot both pass.
	UseTOTPStep(ctx context.Context, workerID, step int64) (bool, error)
	// UseRecoveryCode marks an unused code of the worker used: false when
	// the worker has no unused code of this hash.
	UseRecoveryCode(ctx context.Context, workerID int64, codeHash string, at time.Time) (bool, error)
	// CreateMFAChallenge keeps a half-done sign-in, and drops those that expired.
	CreateMFAChallenge(ctx context.Context, c MFAChallenge) error
	// MFAChallenge returns a half-done sign-in not past its end (ENotFound when none).
	MFAChallenge(ctx context.Context, tokenHash string, now time.Time) (MFAChallenge, error)
	DeleteMFAChallenge(ctx context.Context, tokenHash string) error
}

// MFAChallenge is a sign-in whose password was right, waiting for the
// worker's authenticator code; only the hash of its token is kept. It is
// no session: it opens nothing but the page that asks for the code.
type MFAChallenge struct {
	TokenHash string
	WorkerID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CaseStore reads counties, cases, documents and templates.
type CaseStore interface {
	County(ctx context.Context, code string) (*County, error)
	Case(ctx context.Context, number string) (*Case, error)
	// Document returns a document; its PDF only when withPDF is set.
	Document(ctx context.Context, code string, withPDF bool) (*Document, error)
	SendableDocuments(ctx context.Context) ([]Document, error)
	// SearchCases lists the cases of a county (or a worker's caseload in it)
	// whose number or a person's name holds q.Text, by number.
	SearchCases(ctx context.Context, q CaseQuery) ([]*Case, error)
	// AccountPersons lists the persons linked to an SSP account, with their cases.
	AccountPersons(ctx context.Context, accountID int64) ([]AccountPerson, error)
	// Templates lists a county's templates in one language, or in every
	// language for "", by code and language.
	Templates(ctx context.Context, county, language string) ([]Template, error)
}

// AccountPerson is a person linked to an SSP account, on a case.
type AccountPerson struct {
	Person     Person
	CaseID     int64
	CaseNumber string
	CaseStatus CaseStatus
	County     County
}

// MessageStore reads and writes e-Messages.
type MessageStore interface {
	Message(ctx context.Context, id string) (*Message, error)
	Thread(ctx context.Context, threadID string) ([]*Message, error)
	History(ctx context.Context, messageID string) ([]HistoryEntry, error)
	Uploads(ctx context.Context, messageID string) ([]Upload, error)
	// MessageDetail is a record of a thread (Message), with the thread,
	// the record's History and Uploads, read together.
	MessageDetail(ctx context.Context, id, threadID string) (*MessageDetail, error)
	SearchMessages(ctx context.Context, q MessageQuery) ([]*Message, error)
	HomeCounts(ctx context.Context, workerID int64, c Cutoffs) (HomeCounts, error)
	// CaseHasNew reports whether the case has a received or action_completed record.
	CaseHasNew(ctx context.Context, caseID int64) (bool, error)
	// Apply writes a change in one transaction, or nothing.
	Apply(ctx context.Context, c *Change) error
}

// Cutoffs turn "response overdue" into values a query can compare with.
type Cutoffs struct {
	ResponseBefore time.Time // received/read records created before this are overdue
	Today          string    // new_action records due before this day (YYYY-MM-DD) are overdue
}

// MessageQuery selects messages for the search page, the API list and the inbox.
type MessageQuery struct {
	County     string // required for worker searches
	WorkerID   int64  // caseload of this worker (R10); 0 for the whole county
	AccountID  int64  // the inbox of this SSP account; 0 for worker searches
	CaseNumber string
	PersonID   string
	Statuses   []Status
	Type       Type
	Programs   []string  // program codes; none for every program
	From, To   time.Time // created at or after From, before To (zero: open)
	Overdue    bool
	Cutoffs    Cutoffs
	Text       string // in the subject
	Archived   bool   // the archived records instead of the hot ones
	Limit      int
	After      *Cursor
}

// CaseQuery selects cases for the Select case search.
type CaseQuery struct {
	County   string // required
	WorkerID int64  // the worker's caseload (R10); 0 for the whole county
	Text     string // part of the case number or of a person's name; "" for all
	Limit    int
}

// Cursor is a position in a newest-first list.
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// Change is one unit of work: everything in it is written in one transaction, or nothing.
type Change struct {
	// Messages are new records; each gets a history entry for its first status.
	Messages []*Message
	// Status is a conditional status update; when the record is not in one of
	// From any more, the whole change fails with EInvalidTransition.
	Status *StatusChange
	// ViewedAt sets a record's read receipt if it has none.
	Viewed *ViewedChange
	// Uploads are added to UploadsTo, refused with ETooManyFiles when the record
	// would then hold more than MaxUploadsPerItem. Apply sets each one's ID.
	Uploads   []Upload
	UploadsTo string
	// UploadsWhile, when set, takes the uploads only while UploadsTo is in
	// one of these statuses (after the Status move), checked with the record
	// locked; otherwise the change fails with EInvalidTransition.
	UploadsWhile  []Status
	Notifications []Notification
	// Texts are text-message e-Notifications (SPEC 20): each is queued,
	// or folded into the account's latest text (TextFolds).
	Texts []Text
	// User is an operator's change to a worker's or an account's sign-in.
	User  *UserChange
	Audit []AuditEntry
	// Release sends a scheduled record at its time; Cancel cancels one
	// before it (schedule.go). Either is applied first, so that when the
	// record is not scheduled any more nothing else of the change is
	// written.
	Release *ReleaseChange
	Cancel  *CancelChange
	// Events, when set, queues a webhook event (SPEC 16) for each new
	// record (a scheduled one at its release), the status change and each
	// upload, in the same transaction.
	Events bool
}

// StatusChange moves a record from one of From to To, with its history entry.
type StatusChange struct {
	MessageID string
	From      []Status
	To        Status
	At        time.Time
	By        Actor
}

// ViewedChange records the customer's first opening of a record.
type ViewedChange struct {
	MessageID string
	At        time.Time
}

// AuditEntry is one line of the audit trail (R11).
type AuditEntry struct {
	At         time.Time
	ActorKind  string
	ActorID    int64
	Actor      string // username
	Action     string
	ObjectType string
	ObjectID   string
	Detail     string
}

// AuditStore keeps the audit trail.
type AuditStore interface {
	AppendAudit(ctx context.Context, entries ...AuditEntry) error
	AuditTrail(ctx context.Context, objectType, objectID string) ([]AuditEntry, error)
	// MessageAudit is what was done to a record and to its uploads, oldest first.
	MessageAudit(ctx context.Context, messageID string) ([]AuditEntry, error)
	// CaseAudit is what was done to a case (its exports), its records and their uploads,
	// newest first, at most limit entries.
	CaseAudit(ctx context.Context, caseID int64, limit int) ([]AuditEntry, error)
}

// NotificationStatus is where an e-Notification email stands.
type NotificationStatus string

// The notification statuses.
const (
	NotificationPending NotificationStatus = "pending"
	NotificationSent    NotificationStatus = "sent"
	NotificationFailed  NotificationStatus = "failed"
)

// Notification is an e-Notification email waiting to go out, or gone (R7).
type Notification struct {
	ID          int64
	MessageID   string // the e-Message it announces; at most one email per message
	AccountID   int64
	Email       string
	Language    string
	Status      NotificationStatus
	Attempts    int
	NextAt      time.Time
	MailID      string // the email's Message-ID header, the same on every try
	CreatedAt   time.Time
	SentAt      *time.Time
	LastError   string
	LeasedUntil *time.Time
}

// NotificationStore is the e-Notification queue.
type NotificationStore interface {
	// ClaimNotifications leases up to limit pending notifications due at now.
	ClaimNotifications(ctx context.Context, now, leaseUntil time.Time, limit int) ([]Notification, error)
	// NotificationSent records the mail server's acceptance.
	NotificationSent(ctx context.Context, id int64, at time.Time) error
	// NotificationRetry schedules another try, or marks the notification failed.
	NotificationRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error
	NotificationCounts(ctx context.Context) (pending, failed int, err error)
}
