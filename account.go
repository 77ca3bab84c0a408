package emessage

import (
	"slices"
	"time"
)

// Rights a worker may hold (R1).
const (
	RightView  = "emessage.view"
	RightSend  = "emessage.send"
	RightAdmin = "admin"
)

// Worker is a county eligibility worker.
type Worker struct {
	ID           int64
	Username     string
	Name         string
	County       string
	PasswordHash string
	Rights       []string
	Disabled     bool
	// TOTPSecret is the base32 secret of the worker's authenticator app,
	// "" when the worker signs in with a password only (see totp.go).
	TOTPSecret string
	// TOTPLastStep is the time step of the last code accepted: no code of
	// it or of an earlier step is taken again.
	TOTPLastStep int64
	// TOTPPending is a secret being set up, until a code from the app
	// confirms it, and TOTPPendingAt when it was made.
	TOTPPending   string
	TOTPPendingAt time.Time
	// Away is the worker's out-of-office period, if any (SPEC section 12).
	Away Away
	// SupervisorID is the worker's supervisor (0 for none).
	SupervisorID int64
}

// Account is a customer's Self-Service Portal account.
type Account struct {
	ID            int64
	Username      string
	PasswordHash  string
	Email         string
	ENotification bool
	Language      string // one of Languages
	Disabled      bool
	// Phone is the mobile number texts go to (E.164, "" for none), and
	// SMSNotification whether they go (SPEC 20).
	Phone           string
	SMSNotification bool
	// SMSStopped says the customer turned texts off by answering STOP; the
	// settings page says so until they turn texts on again.
	SMSStopped bool
}

// Languages the portal and the emails speak (SPEC 18): California's
// threshold languages for Medi-Cal and CalFresh, as BenefitsCal offers
// them, English first. Each has its catalog in package words.
var Languages = []string{"en", "es", "ar", "hy", "km", "zh-Hant", "zh-Hans", "fa", "hi", "hmn",
	"ja", "ko", "lo", "pa", "ru", "tl", "th", "uk", "vi"}

// ValidLanguage reports whether lang is one of Languages.
func ValidLanguage(lang string) bool { return slices.Contains(Languages, lang) }

// Role says which kind of user an actor is.
type Role string

// The roles of the API's login answer.
const (
	RoleWorker Role = "worker"
	RoleSSP    Role = "ssp"
	RoleAdmin  Role = "admin"
	// RoleSystem is a county system's token (SPEC 15): never a session.
	RoleSystem Role = "system"
)

// Actor is the signed-in user on whose behalf the service acts.
type Actor struct {
	Role     Role
	ID       int64 // worker or account id
	Username string
	Name     string
	County   string   // workers only
	Rights   []string // workers only
	Language string   // customers only
	// TOTP is set for a worker who signs in with an authenticator code.
	TOTP bool
	// SSO is set for a session begun at the county's identity provider
	// (service_oidc.go), which did the second factor.
	SSO bool
	// SignedInAt is when the actor's session began (zero when unknown).
	SignedInAt time.Time
	// Session is the hash of the actor's session token ("" when unknown).
	Session string
}

// IsWorker reports whether the actor is a county worker (admins are workers too).
func (a Actor) IsWorker() bool { return a.Role == RoleWorker || a.Role == RoleAdmin }

// IsCustomer reports whether the actor is an SSP user.
func (a Actor) IsCustomer() bool { return a.Role == RoleSSP }

// Can reports whether a worker holds the right.
func (a Actor) Can(right string) bool { return a.IsWorker() && slices.Contains(a.Rights, right) }

// Kind names the actor in history and audit entries.
func (a Actor) Kind() string {
	switch {
	case a.IsCustomer():
		return "ssp"
	case a.IsSystem():
		return "system"
	}
	return "worker"
}
