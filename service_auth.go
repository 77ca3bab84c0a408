package emessage

import (
	"context"
	"slices"
	"sync"
	"time"
)

// dummyHash is verified against when a username is unknown, so that a wrong
// username costs the same time as a wrong password.
var (
	dummyHash string
	dummyOnce sync.Once
)

// Login checks a username and password and starts a session. It returns the
// token (given to the client once) and the actor. A worker who signs in with
// an authenticator app is refused with mfa_required: SignIn takes the code.
func (s *Service) Login(ctx context.Context, username, password string) (string, Actor, error) {
	res, err := s.SignIn(ctx, LoginInput{Username: username, Password: password})
	return res.Token, res.Actor, err
}

// LoginInput is what a sign-in gives.
type LoginInput struct {
	Username, Password string
	// OTP is the code of the worker's authenticator app, or one of their
	// recovery codes; it is not looked at for anyone without an app.
	OTP string
	// Interactive is set by the worker site, which asks for the code on a
	// page of its own and has the enrolment pages: a right password without
	// a code starts a half-done sign-in (SignInResult.Pending) instead of
	// failing with mfa_required, and a worker who must set up an app first
	// (RequireWorkerMFA) gets a session that the site limits to that.
	Interactive bool
}

// SignInResult is a sign-in's outcome: a session, or a half-done sign-in.
type SignInResult struct {
	Token string // the session's token, given to the client once
	Actor Actor
	// Pending is the token of a half-done sign-in waiting for the worker's
	// code (FinishSignIn), set instead of Token.
	Pending string
}

// SignIn checks a username, a password and, for a worker with an
// authenticator app, the second factor, and starts a session.
//
// Failed passwords and failed codes are counted alike by the Throttle, and
// a success clears the count only once both factors passed.
func (s *Service) SignIn(ctx context.Context, in LoginInput) (SignInResult, error) {
	bad := Errorf(EInvalidCredentials, "The username or password is not correct.")
	username, password := in.Username, in.Password
	if username == "" || password == "" {
		return SignInResult{}, bad
	}
	addr := ClientAddr(ctx)
	userWait, addrWait := s.Throttle.check(s.Now(), username, addr)
	if userWait > 0 {
		return SignInResult{}, s.tooManyTries(ctx, username, addr, userWait)
	}
	u, ok, err := s.checkPassword(ctx, username, password)
	if err != nil {
		return SignInResult{}, err
	}
	if !ok {
		s.Throttle.failed(s.Now(), username, addr)
		s.auditLogin(ctx, "login.failed", username, addr)
		if addrWait > 0 {
			return SignInResult{}, tooManyTries(addrWait)
		}
		return SignInResult{}, bad
	}
	if u.worker != nil && !s.WorkerPasswordLogin {
		// Checked after the password, so that the answer tells a worker's
		// username from an unknown one only to whoever knows the password.
		s.auditLogin(ctx, "login.password_disabled", username, addr)
		return SignInResult{}, PasswordLoginDisabled()
	}
	var used string
	switch {
	case u.worker != nil && u.actor.TOTP && in.OTP == "" && in.Interactive:
		return s.startChallenge(ctx, u.worker)
	case u.worker != nil && u.actor.TOTP && in.OTP == "":
		return SignInResult{}, Errorf(EMFARequired,
			"Enter the code of your authenticator app (otp), or one of your recovery codes, with your username and password.")
	case u.worker != nil && u.actor.TOTP:
		if used, err = s.secondFactor(ctx, u.worker, in.OTP, addr); err != nil {
			return SignInResult{}, err
		}
	case u.worker != nil && !in.Interactive:
		if err := s.CheckMFAEnrolment(u.actor); err != nil {
			return SignInResult{}, err
		}
	}
	return s.startSession(ctx, u.actor, used, addr)
}

// checkPassword finds the user a username names and checks their password.
// An unknown username costs the same time as a wrong password; one longer
// than any username or a password longer than any password is not checked.
func (s *Service) checkPassword(ctx context.Context, username, password string) (user, bool, error) {
	if len(username) > MaxUsername || len(password) > maxPasswordBytes {
		return user{}, false, nil
	}
	u, err := s.lookupUser(ctx, username)
	if err != nil && ErrorCode(err) != ENotFound {
		return user{}, false, err
	}
	if err != nil || u.hash == "" { // unknown, or a worker without a password (SPEC 17)
		dummyOnce.Do(func() { dummyHash, _ = s.Passwords.Hash("not a real password") })
		s.Passwords.Verify(dummyHash, password)
		return user{}, false, nil
	}
	return u, s.Passwords.Verify(u.hash, password), nil
}

// throttled refuses a worker's second factor or password check while their
// username must wait at the client's address.
func (s *Service) throttled(ctx context.Context, username, addr string) error {
	if wait, _ := s.Throttle.check(s.Now(), username, addr); wait > 0 {
		return s.tooManyTries(ctx, username, addr, wait)
	}
	return nil
}

// tooManyTries audits a try refused by the throttle and says how long to wait.
func (s *Service) tooManyTries(ctx context.Context, username, addr string, wait time.Duration) error {
	s.auditLogin(ctx, "login.throttled", username, addr)
	return tooManyTries(wait)
}

func tooManyTries(wait time.Duration) error {
	return Errorf(ETooManyRequests, "Too many failed sign-ins. Please wait %d seconds and try again.", int(wait.Seconds()+0.999))
}

// auditLogin writes one audit entry of a refused sign-in, whose object is
// the username as typed, cut to MaxUsername bytes: a flood of made-up
// usernames writes rows of a bounded size (docs/SECURITY.md, "The audit
// under attack").
func (s *Service) auditLogin(ctx context.Context, action, username, addr string) {
	s.Store.AppendAudit(ctx, AuditEntry{At: s.now(), ActorKind: "anonymous",
		Action: action, ObjectType: "login", ObjectID: cutText(username, MaxUsername), Detail: addr})
}

// startSession ends a sign-in whose factors all passed: a new session.
// used says which second factor was used ("" for none): the identity
// provider's (usedIdentityProvider) gives the session a token that says so.
func (s *Service) startSession(ctx context.Context, actor Actor, used, addr string) (SignInResult, error) {
	s.Throttle.succeeded(actor.Username, addr)
	token, tokenHash := NewToken()
	detail := addr
	if used == usedIdentityProvider {
		token, tokenHash = newSSOToken()
		actor.SSO, detail = true, ssoDetail(addr, "")
	}
	now := s.now()
	sess := Session{TokenHash: tokenHash, Role: actor.Role, UserID: actor.ID, CreatedAt: now, ExpiresAt: now.Add(s.SessionLifetime), LastSeen: now}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return SignInResult{}, err
	}
	actor.SignedInAt, actor.Session = now, tokenHash
	entries := []AuditEntry{audit(actor, now, "login", string(actor.Role), actor.Username, detail)}
	if used == usedRecoveryCode {
		entries = append(entries, audit(actor, now, "mfa.recovery_code_used", "worker", actor.Username, addr))
	}
	s.Store.AppendAudit(ctx, entries...)
	return SignInResult{Token: token, Actor: actor}, nil
}

// user is who a username names, with the password hash to check.
type user struct {
	actor  Actor
	hash   string
	worker *Worker // nil for a customer
}

func (s *Service) lookupUser(ctx context.Context, username string) (user, error) {
	w, err := s.Store.WorkerByUsername(ctx, username)
	if err == nil && !w.Disabled {
		return user{actor: workerActor(w), hash: w.PasswordHash, worker: w}, nil
	}
	if err != nil && ErrorCode(err) != ENotFound {
		return user{}, err
	}
	a, err := s.Store.AccountByUsername(ctx, username)
	if err != nil {
		return user{}, err
	}
	if a.Disabled {
		return user{}, NotFound("Account")
	}
	return user{actor: Actor{Role: RoleSSP, ID: a.ID, Username: a.Username, Name: a.Username, Language: a.Language}, hash: a.PasswordHash}, nil
}

// workerActor is the actor of a worker; one holding the admin right acts as admin.
func workerActor(w *Worker) Actor {
	role := RoleWorker
	if slices.Contains(w.Rights, RightAdmin) {
		role = RoleAdmin
	}
	return Actor{Role: role, ID: w.ID, Username: w.Username, Name: w.Name, County: w.County, Rights: w.Rights,
		TOTP: w.TOTPSecret != ""}
}

// Authenticate returns the actor of a live session token: not past its
// absolute end, and used within the idle timeout. Activity is recorded at
// most once a minute, so that reads stay reads.
func (s *Service) Authenticate(ctx context.Context, token string) (Actor, error) {
	if token == "" {
		return Actor{}, Errorf(EUnauthorized, "Please sign in.")
	}
	hash, now := HashToken(token), s.now()
	a, sess, err := s.Store.SessionActor(ctx, hash, now)
	if ErrorCode(err) == ENotFound {
		return Actor{}, Errorf(EUnauthorized, "Your session has ended. Please sign in again.")
	}
	if err != nil {
		return Actor{}, err
	}
	idle := now.Sub(sess.LastSeen)
	if s.IdleTimeout > 0 && idle > s.IdleTimeout {
		if err := s.Store.DeleteSession(ctx, hash); err != nil {
			return Actor{}, err
		}
		return Actor{}, Errorf(EUnauthorized, "Your session ended after %d minutes without activity. Please sign in again.", int(s.IdleTimeout.Minutes()))
	}
	a.SignedInAt, a.Session, a.SSO = sess.CreatedAt, hash, isSSOToken(token)
	if idle > time.Minute {
		if err := s.Store.TouchSession(ctx, hash, now); err != nil {
			return Actor{}, err
		}
	}
	return a, nil
}

// Logout ends the session of a token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}
