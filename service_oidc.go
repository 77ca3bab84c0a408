package emessage

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"strings"
)

// Worker single sign-on (SPEC section 17): a worker signs in at the
// county's identity provider, which did both factors; the name it vouches
// for is matched, ignoring case, to an imported worker, who gets the same
// session as after a password. Nothing is created for a name no worker
// has. The protocol (OpenID Connect) is package oidc's; the browser's side
// of it (a cookie) the worker site's.

// IdentityProvider is the county's identity provider (package oidc).
type IdentityProvider interface {
	// Begin starts a sign-in: the address to send the browser to, and
	// what the browser must keep until it comes back (SSOAttempt).
	Begin(ctx context.Context) (authURL string, a SSOAttempt, err error)
	// Finish exchanges the code the browser came back with for the
	// provider's verified ID token, checks it against the attempt, and
	// returns the username it names. The text of its errors is written to
	// the audit trail: it says what failed, never a secret.
	Finish(ctx context.Context, a SSOAttempt, code string) (username string, err error)
}

// SSOAttempt is a sign-in begun at the identity provider, kept by the
// browser (never by a server, so that any server behind the county's load
// balancer can finish it) until the provider sends it back.
type SSOAttempt struct {
	// State comes back with the browser: it binds the answer to the
	// browser that asked.
	State string
	// Nonce comes back inside the ID token: it binds the token to the attempt.
	Nonce string
	// Verifier is the PKCE secret whose hash went with the request: only
	// its holder can exchange the code.
	Verifier string
}

// SSOCallback is what the identity provider sent the browser back with.
type SSOCallback struct {
	State, Code string
	// Error is the provider's error code ("access_denied"), when it signed nobody in.
	Error string
}

// usedIdentityProvider names the second factor of a single sign-on:
// the identity provider's own.
const usedIdentityProvider = "identity provider"

// ssoTokenPrefix starts the token of a session begun at the identity
// provider. It is not of the base64url alphabet of other tokens, and the
// store keeps only the hash of the whole token: a token cannot be changed
// to say so.
const ssoTokenPrefix = "sso."

func newSSOToken() (token, hash string) {
	token, _ = NewToken()
	token = ssoTokenPrefix + token
	return token, HashToken(token)
}

func isSSOToken(token string) bool { return strings.HasPrefix(token, ssoTokenPrefix) }

// SSOEnabled reports whether workers may sign in with their county account.
func (s *Service) SSOEnabled() bool { return s.IdentityProvider != nil }

// PasswordLoginDisabled is the refusal of a worker's password when the
// county signs workers in with their county account only.
func PasswordLoginDisabled() *Error {
	return Errorf(EPasswordLogin, "Password sign-in is turned off for county workers. "+
		"Use Sign in with your county account on the worker site's sign-in page (/worker/login).")
}

// BeginSSO starts a worker's sign-in at the identity provider.
func (s *Service) BeginSSO(ctx context.Context) (string, SSOAttempt, error) {
	if !s.SSOEnabled() {
		return "", SSOAttempt{}, NotFound("Single sign-on")
	}
	return s.IdentityProvider.Begin(ctx)
}

// FinishSSO finishes a sign-in the browser began with BeginSSO and kept as
// a: the state it came back with must be the attempt's, the provider must
// have signed someone in and its ID token pass every check, and the name
// must be an enabled worker's. Each refusal is audited and creates nothing.
func (s *Service) FinishSSO(ctx context.Context, a SSOAttempt, cb SSOCallback) (SignInResult, error) {
	addr := ClientAddr(ctx)
	if !s.SSOEnabled() {
		return SignInResult{}, NotFound("Single sign-on")
	}
	if a.State == "" || subtle.ConstantTimeCompare([]byte(a.State), []byte(cb.State)) != 1 {
		s.auditSSORefused(ctx, "", addr, "the state is not the one this browser was given")
		return SignInResult{}, Errorf(EMalformed, "This sign-in was not started in this browser, or it took more than 10 minutes. Please start again.")
	}
	if cb.Error != "" || cb.Code == "" {
		s.auditSSORefused(ctx, "", addr, "the identity provider signed nobody in: "+cutText(cb.Error, 64))
		return SignInResult{}, Errorf(ESSORefused, "Your county account did not sign you in. Please try again, or ask your county's IT help desk.")
	}
	username, err := s.IdentityProvider.Finish(ctx, a, cb.Code)
	if err != nil {
		s.auditSSORefused(ctx, "", addr, err.Error())
		if ErrorCode(err) == EUnavailable {
			return SignInResult{}, err
		}
		return SignInResult{}, Errorf(ESSORefused, "Your county account's sign-in could not be checked, so it was refused. Please start again.")
	}
	return s.signInVerified(ctx, username, addr)
}

// signInVerified starts the session of the worker the identity provider
// vouched for: the username matched exactly, or else ignoring case (one
// match only); a disabled worker is no match.
func (s *Service) signInVerified(ctx context.Context, username, addr string) (SignInResult, error) {
	notSetUp := Errorf(ENotSetUp, "Your county account (%s) is not set up for e-Messages. "+
		"Ask your supervisor or the county's e-Messages administrator to add it.", cutText(username, MaxUsername))
	w, err := s.Store.WorkerByUsername(ctx, username)
	if ErrorCode(err) == ENotFound {
		var ws []Worker
		if ws, err = s.Store.WorkersByUsernameFold(ctx, username); err != nil {
			return SignInResult{}, err
		}
		if len(ws) != 1 {
			reason := "no worker has this username"
			if len(ws) > 1 {
				reason = "several workers have this username but for case"
			}
			s.auditSSORefused(ctx, username, addr, reason)
			return SignInResult{}, notSetUp
		}
		w = &ws[0]
	} else if err != nil {
		return SignInResult{}, err
	}
	if w.Disabled {
		s.auditSSORefused(ctx, username, addr, "the worker is disabled")
		return SignInResult{}, notSetUp
	}
	return s.startSession(ctx, workerActor(w), usedIdentityProvider, addr)
}

// auditSSORefused writes the audit entry of a refused single sign-on: the
// username the provider vouched for ("" when it got that far), cut as a
// typed one is, and why, cut to 200 bytes.
func (s *Service) auditSSORefused(ctx context.Context, username, addr, reason string) {
	s.Store.AppendAudit(ctx, AuditEntry{At: s.now(), ActorKind: "anonymous", Action: "login.refused",
		ObjectType: "login", ObjectID: cutText(username, MaxUsername), Detail: ssoDetail(addr, cutText(reason, 200))})
}

// ssoDetail is the detail of a single sign-on's audit entry:
// {"method":"oidc","addr":"203.0.113.8","reason":"..."}.
func ssoDetail(addr, reason string) string {
	b, _ := json.Marshal(struct {
		Method string `json:"method"`
		Addr   string `json:"addr,omitempty"`
		Reason string `json:"reason,omitempty"`
	}{"oidc", addr, reason})
	return string(b)
}
