package emessage

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Text-message e-Notification (SPEC section 20): when an e-Notification
// email would be queued (R7) and the account has a phone and texts on, a
// text is queued too. Its words are made when it is sent, from its
// language and the portal's address; it holds no case number, subject or
// body.

// FoldWindow is the shortest time between two texts to one account: a
// record written while a text to the account waits, or within FoldWindow
// of the last one sent, is folded into it (no second text).
const FoldWindow = 10 * time.Minute

// Quiet hours, in the county's time zone: no text goes out from QuietFrom
// until QuietUntil the next morning (hours of the day).
const (
	QuietFrom  = 21
	QuietUntil = 8
)

// TextState is where a queued text stands.
type TextState string

// The text states.
const (
	TextPending TextState = "pending"
	TextSent    TextState = "sent"
	TextFailed  TextState = "failed" // given up, or called off by STOP
)

// Text is a text-message e-Notification waiting to go out, or gone.
type Text struct {
	ID        int64
	AccountID int64
	Phone     string // E.164
	Language  string
	// MessageID is the record that queued it; Folded counts the records
	// written after it that it stands for too.
	MessageID   string
	Folded      int
	State       TextState
	Attempts    int
	NextAt      time.Time
	CreatedAt   time.Time
	SentAt      *time.Time
	LastError   string
	LeasedUntil *time.Time
}

// TextFolds reports whether a new record at now is folded into prev, the
// account's latest text (SPEC 20: at most one text in any FoldWindow): it
// folds into a text still waiting, or one sent less than FoldWindow ago.
func TextFolds(prev Text, now time.Time) bool {
	switch prev.State {
	case TextPending:
		return true
	case TextSent:
		return prev.SentAt != nil && now.Sub(*prev.SentAt) < FoldWindow
	}
	return false
}

// TextAllowedAt is the first moment at or after t when a text may go out
// in loc: t itself between QuietUntil and QuietFrom o'clock, otherwise
// QuietUntil o'clock the next morning (the same morning after midnight).
// Hours are read on the wall clock, so a night that changes to or from
// daylight saving time still ends at 08:00.
func TextAllowedAt(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	h := local.Hour()
	if h >= QuietUntil && h < QuietFrom {
		return t
	}
	day := local
	if h >= QuietFrom {
		day = local.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), QuietUntil, 0, 0, 0, loc)
}

// TextKeyword is what an inbound text asks for (SPEC 20).
type TextKeyword int

// The keywords of an inbound text.
const (
	TextNoKeyword TextKeyword = iota
	TextStop                  // texts off for every account of the phone
	TextStart                 // texts on again
)

// stopWords turn texts off: the carriers' English opt-out words, and
// Spanish (ALTO, PARAR) and French (ARRET) ones.
var stopWords = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO", "PARAR", "ARRET", "ARRÊT"}

// ParseTextKeyword reads an inbound text's body: one of the stop words or
// START, alone, in any case, spaces and a final full stop or exclamation
// mark aside.
func ParseTextKeyword(body string) TextKeyword {
	w := strings.ToUpper(strings.TrimRight(strings.TrimSpace(body), ".!"))
	switch {
	case w == "START":
		return TextStart
	case slices.Contains(stopWords, w):
		return TextStop
	}
	return TextNoKeyword
}

// PhoneNumbers turns what a person typed into an E.164 phone number
// (+12135550142), or refuses it; package phone does it with Google's
// libphonenumber rules.
type PhoneNumbers interface {
	Normalize(typed string) (string, error)
}

// TextStore is the queue of text-message e-Notifications. Texts are
// queued by Apply, for a Change with Texts, folded there (TextFolds) with
// the account locked, so that two records at once queue one text.
type TextStore interface {
	// ClaimTexts leases up to limit pending texts due at now.
	ClaimTexts(ctx context.Context, now, leaseUntil time.Time, limit int) ([]Text, error)
	// TextSent records the provider's acceptance.
	TextSent(ctx context.Context, id int64, at time.Time) error
	// TextRetry schedules another try, or marks the text failed.
	TextRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error
	// TextHold puts a claimed text off until next without counting a try
	// (quiet hours came while it waited).
	TextHold(ctx context.Context, id int64, next time.Time) error
	TextCounts(ctx context.Context) (pending, failed int, err error)
	// SetTextsByPhone turns texts off (STOP) or on (START) for every
	// account of phone, calling off the texts waiting for them when off,
	// with an audit entry for each account changed; it returns their
	// usernames.
	SetTextsByPhone(ctx context.Context, phone string, on bool, audit AuditEntry) ([]string, error)
}
