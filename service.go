package emessage

import (
	"context"
	"io"
	"time"
)

// PasswordHasher hashes and checks passwords (argon2id in production).
type PasswordHasher interface {
	Hash(password string) (string, error)
	Verify(hash, password string) bool
}

// FileStore keeps uploaded documents under generated names.
type FileStore interface {
	// Put stores data and returns the name it was stored under.
	Put(ctx context.Context, data []byte) (string, error)
	Open(ctx context.Context, name string) (io.ReadCloser, error)
	Delete(ctx context.Context, name string) error
}

// Service holds every rule of the product. The JSON API and both web front
// ends call it; none of them holds a rule of its own.
type Service struct {
	Store     Store
	Files     FileStore
	Passwords PasswordHasher
	// Now returns the current time; tests may set it.
	Now func() time.Time
	// Location is where business days and due dates are counted.
	Location *time.Location
	// MailDomain is the right-hand side of generated email Message-IDs.
	MailDomain string
	// SessionLifetime is how long a sign-in lasts at most (absolute timeout).
	SessionLifetime time.Duration
	// IdleTimeout ends a sign-in unused for this long.
	IdleTimeout time.Duration
	// Throttle counts failed sign-ins.
	Throttle *LoginThrottle
	// RequireWorkerMFA requires every worker to sign in with an
	// authenticator app (serve --require-worker-mfa): one who has none is
	// refused by the API and kept to the enrolment page by the worker site.
	RequireWorkerMFA bool
	// IdentityProvider is the county's identity provider, where workers
	// sign in with their county account (SPEC section 17); nil when there is none.
	IdentityProvider IdentityProvider
	// WorkerPasswordLogin lets workers sign in with a password (serve
	// --worker-password-login, default true); customers always do.
	WorkerPasswordLogin bool
	// Notify, when set, is called after a change queued an e-Notification,
	// so that the mail dispatcher delivers it without waiting for its next poll.
	Notify func()
	// Events makes every change the service applies queue its webhook
	// events (serve --webhook-url); EventsQueued, when set, is called after
	// such a change, so that the webhook dispatcher need not wait for its poll.
	Events       bool
	EventsQueued func()
	// ScheduledSend, when set, is called after a record was scheduled
	// (SPEC 22), so that the release loop can wake at its time.
	ScheduledSend func()
	// Texts makes a record that queues an e-Notification email queue a
	// text too, for an account with a phone and texts on (serve --sms-url,
	// SPEC 20); TextsQueued, when set, is called after a change queued one.
	// Without Texts none is queued: a county that sends no texts keeps no
	// queue of them.
	Texts       bool
	TextsQueued func()
	// Phones checks and normalizes phone numbers (package phone); nil takes
	// only numbers already written in E.164.
	Phones PhoneNumbers
	// CaseFiles writes case file exports (SPEC 21, package casefile); nil
	// when the server has none, and an export is then unavailable.
	CaseFiles CaseFileWriter
}

// NewService returns a service with defaults for what is not set.
func NewService(store Store, files FileStore, passwords PasswordHasher) *Service {
	return &Service{
		Store:           store,
		Files:           files,
		Passwords:       passwords,
		Now:             time.Now,
		Location:        time.UTC,
		MailDomain:      "emessage.local",
		SessionLifetime: 12 * time.Hour,
		IdleTimeout:     30 * time.Minute,
		Throttle:        &LoginThrottle{},

		WorkerPasswordLogin: true,
	}
}

// apply writes a change through the store, with its webhook events when
// they are on. Records written by import or sync do not come this way, so
// they queue none.
func (s *Service) apply(ctx context.Context, ch *Change) error {
	ch.Events = s.Events
	if err := s.Store.Apply(ctx, ch); err != nil {
		return err
	}
	if s.Events && s.EventsQueued != nil && (len(ch.Messages) > 0 || ch.Status != nil || len(ch.Uploads) > 0 || ch.Release != nil) {
		s.EventsQueued()
	}
	return nil
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the current date where the county works.
func (s *Service) today() string { return s.Now().In(s.Location).Format(time.DateOnly) }

func (s *Service) cutoffs(county *County) Cutoffs {
	return CutoffsAt(s.Now(), s.Location, county.ResponseBusinessDays, county.Holidays)
}

// Overdue reports whether a record is past its response window or due date.
func (s *Service) Overdue(m *Message) bool {
	return CutoffsAt(s.Now(), s.Location, m.ResponseDays, m.Holidays).Overdue(m)
}

func audit(by Actor, at time.Time, action, objectType, objectID, detail string) AuditEntry {
	return AuditEntry{
		At: at, ActorKind: by.Kind(), ActorID: by.ID, Actor: by.Username,
		Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail,
	}
}

// requireWorker checks that the actor is a worker holding the right (R1).
func requireWorker(a Actor, right string) error {
	if !a.IsWorker() {
		return Errorf(EForbidden, "This is for county workers only.")
	}
	if !a.Can(right) {
		what := "view e-Messages"
		if right == RightSend {
			what = "send, answer or close e-Messages"
		}
		return Errorf(EForbidden, "You do not have the security right to %s (%s). Ask your supervisor for access.", what, right)
	}
	return nil
}

func requireCustomer(a Actor) error {
	if !a.IsCustomer() {
		return Errorf(EForbidden, "This is for Self-Service Portal users only.")
	}
	return nil
}
