package emessage

import (
	"context"
	"strings"
	"time"
)

// Systems of the county (SPEC 15): the case system, a document service, a
// data warehouse. Each has a named token made by "emessage token create",
// shown once and kept only as its SHA-256 hash. A token is for the system
// routes alone (sync, case documents); the worker and customer routes never
// take it, and a session's token is never taken by the system routes.

// SystemTokenPrefix begins every system token, so that a secret scanner
// (and a person) can tell one apart from a session's token.
const SystemTokenPrefix = "ems_"

// MaxSystemName bounds a system's name.
const MaxSystemName = 64

// SystemToken is a system's key, without its secret.
type SystemToken struct {
	Name string
	// County is the county the system may touch; "" for every county.
	County     string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until it is used
	RevokedAt  time.Time // zero while it is live
}

// Live reports whether the token still opens the system routes.
func (t SystemToken) Live() bool { return t.RevokedAt.IsZero() }

// SystemStore keeps the systems' tokens.
type SystemStore interface {
	// CreateSystemToken keeps a new token by its hash, with its audit
	// entry: EConflict when a live token has the name already.
	CreateSystemToken(ctx context.Context, t SystemToken, tokenHash string, audit AuditEntry) error
	// SystemTokens lists every token, live and revoked, by name.
	SystemTokens(ctx context.Context) ([]SystemToken, error)
	// RevokeSystemToken ends the live token of the name, with its audit
	// entry: ENotFound when there is none.
	RevokeSystemToken(ctx context.Context, name string, at time.Time, audit AuditEntry) error
	// SystemTokenByHash returns the live token of a hash (ENotFound when
	// none), and records its use at most once a minute.
	SystemTokenByHash(ctx context.Context, tokenHash string, now time.Time) (SystemToken, error)
}

// systemActor is the actor of a system's request, for the audit trail.
func systemActor(t SystemToken) Actor {
	return Actor{Role: RoleSystem, Username: t.Name, Name: "system " + t.Name, County: t.County}
}

// IsSystem reports whether the actor is a county system with a token.
func (a Actor) IsSystem() bool { return a.Role == RoleSystem }

// checkSystemName refuses a name that would not read well in a list or an
// audit entry: 1 to MaxSystemName letters, digits, dots, dashes and
// underscores.
func checkSystemName(name string) error {
	if name == "" || len(name) > MaxSystemName || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
		return FieldError(EInvalid, "system", "A system's name is 1 to %d letters, digits, dots, dashes and underscores, like case-system.", MaxSystemName)
	}
	return nil
}
