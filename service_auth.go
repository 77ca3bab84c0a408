package emessage

import (
	"context"
	"slices"
)

// dummyHash is verified against when a username is unknown, so that a wrong
// username costs the same time as a wrong password.
var dummyHash string

// Login checks a username and password and starts a session. It returns the
// token (given to the client once) and the actor.
func (s *Service) Login(ctx context.Context, username, password string) (string, Actor, error) {
	bad := Errorf(EInvalidCredentials, "The username or password is not correct.")
	if username == "" || password == "" || len(password) > 1024 {
		return "", Actor{}, bad
	}
	actor, hash, err := s.lookupUser(ctx, username)
	if err != nil && ErrorCode(err) != ENotFound {
		return "", Actor{}, err
	}
	if err != nil {
		if dummyHash == "" {
			dummyHash, _ = s.Passwords.Hash("not a real password")
		}
		s.Passwords.Verify(dummyHash, password)
		return "", Actor{}, bad
	}
	if !s.Passwords.Verify(hash, password) {
		return "", Actor{}, bad
	}
	token, tokenHash := NewToken()
	now := s.now()
	sess := Session{TokenHash: tokenHash, Role: actor.Role, UserID: actor.ID, CreatedAt: now, ExpiresAt: now.Add(s.SessionLifetime)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", Actor{}, err
	}
	s.Store.AppendAudit(ctx, audit(actor, now, "login", string(actor.Role), actor.Username, ""))
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

// Authenticate returns the actor of a live session token.
func (s *Service) Authenticate(ctx context.Context, token string) (Actor, error) {
	if token == "" {
		return Actor{}, Errorf(EUnauthorized, "Please sign in.")
	}
	a, err := s.Store.SessionActor(ctx, HashToken(token), s.now())
	if ErrorCode(err) == ENotFound {
		return Actor{}, Errorf(EUnauthorized, "Your session has ended. Please sign in again.")
	}
	return a, err
}

// Logout ends the session of a token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}
