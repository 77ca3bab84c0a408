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
// token (given to the client once) and the actor.
func (s *Service) Login(ctx context.Context, username, password string) (string, Actor, error) {
	bad := Errorf(EInvalidCredentials, "The username or password is not correct.")
	if username == "" || password == "" || len(password) > 1024 {
		return "", Actor{}, bad
	}
	addr := ClientAddr(ctx)
	if wait := s.Throttle.check(s.Now(), username, addr); wait > 0 {
		s.Store.AppendAudit(ctx, AuditEntry{At: s.now(), ActorKind: "anonymous", Actor: username,
			Action: "login.throttled", ObjectType: "login", ObjectID: username, Detail: addr})
		return "", Actor{}, Errorf(ETooManyRequests, "Too many failed sign-ins. Please wait %d seconds and try again.", int(wait.Seconds()+0.999))
	}
	actor, hash, err := s.lookupUser(ctx, username)
	if err != nil && ErrorCode(err) != ENotFound {
		return "", Actor{}, err
	}
	if err != nil {
		dummyOnce.Do(func() { dummyHash, _ = s.Passwords.Hash("not a real password") })
		s.Passwords.Verify(dummyHash, password)
	}
	if err != nil || !s.Passwords.Verify(hash, password) {
		s.Throttle.failed(s.Now(), username, addr)
		s.Store.AppendAudit(ctx, AuditEntry{At: s.now(), ActorKind: "anonymous", Actor: username,
			Action: "login.failed", ObjectType: "login", ObjectID: username, Detail: addr})
		return "", Actor{}, bad
	}
	s.Throttle.succeeded(username)
	token, tokenHash := NewToken()
	now := s.now()
	sess := Session{TokenHash: tokenHash, Role: actor.Role, UserID: actor.ID, CreatedAt: now, ExpiresAt: now.Add(s.SessionLifetime), LastSeen: now}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", Actor{}, err
	}
	actor.SignedInAt = now
	s.Store.AppendAudit(ctx, audit(actor, now, "login", string(actor.Role), actor.Username, addr))
	return token, actor, nil
}

func (s *Service) lookupUser(ctx context.Context, username string) (Actor, string, error) {
	w, err := s.Store.WorkerByUsername(ctx, username)
	if err == nil && !w.Disabled {
		role := RoleWorker
		if slices.Contains(w.Rights, RightAdmin) {
			role = RoleAdmin
		}
		return Actor{Role: role, ID: w.ID, Username: w.Username, Name: w.Name, County: w.County, Rights: w.Rights}, w.PasswordHash, nil
	}
	if err != nil && ErrorCode(err) != ENotFound {
		return Actor{}, "", err
	}
	a, err := s.Store.AccountByUsername(ctx, username)
	if err != nil {
		return Actor{}, "", err
	}
	if a.Disabled {
		return Actor{}, "", NotFound("Account")
	}
	return Actor{Role: RoleSSP, ID: a.ID, Username: a.Username, Name: a.Username, Language: a.Language}, a.PasswordHash, nil
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
	a.SignedInAt = sess.CreatedAt
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
