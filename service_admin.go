package emessage

import (
	"context"
	"time"
)

// The operator's commands, as Gitea's and Miniflux's admins have them:
// emessage worker disable|enable|reset-mfa and emessage account
// disable|enable|set-password, run on the server's machine by whoever holds
// its database. Each change is audited with the operator as its actor, and
// ends the person's sessions when it must take effect at once: disabling,
// resetting the authenticator app, a new password.

// Operator is who runs an admin command: the name of the person at the
// server's machine (the operating-system user, or the one behind sudo).
type Operator string

// AdminResult is what an admin command did.
type AdminResult struct {
	// Changed is false when the worker or account was so already: nothing
	// was written or audited.
	Changed bool
	// SessionsEnded counts the sign-ins that the change ended.
	SessionsEnded int
}

// DisableWorker stops a worker from signing in and ends their sessions.
func (s *Service) DisableWorker(ctx context.Context, by Operator, username string) (AdminResult, error) {
	return s.setWorkerDisabled(ctx, by, username, true)
}

// EnableWorker lets a disabled worker sign in again.
func (s *Service) EnableWorker(ctx context.Context, by Operator, username string) (AdminResult, error) {
	return s.setWorkerDisabled(ctx, by, username, false)
}

func (s *Service) setWorkerDisabled(ctx context.Context, by Operator, username string, disabled bool) (AdminResult, error) {
	w, err := s.Store.WorkerByUsername(ctx, username)
	if err != nil {
		return AdminResult{}, err
	}
	if w.Disabled == disabled {
		return AdminResult{}, nil
	}
	return s.applyUser(ctx, by, &UserChange{Role: RoleWorker, ID: w.ID, Disabled: &disabled, EndSessions: disabled},
		"worker", w.Username, enableAction("worker", disabled))
}

// ResetWorkerMFA forgets a worker's authenticator app and recovery codes,
// for one who lost their phone, and ends their sessions: they sign in with
// their password alone next time, and set up an app again where the
// county requires one (serve --require-worker-mfa).
func (s *Service) ResetWorkerMFA(ctx context.Context, by Operator, username string) (AdminResult, error) {
	w, err := s.Store.WorkerByUsername(ctx, username)
	if err != nil {
		return AdminResult{}, err
	}
	if w.TOTPSecret == "" && w.TOTPPending == "" {
		return AdminResult{}, nil
	}
	return s.applyUser(ctx, by, &UserChange{Role: RoleWorker, ID: w.ID, ResetMFA: true, EndSessions: true},
		"worker", w.Username, "mfa.reset")
}

// DisableAccount stops a customer from signing in to the portal and ends
// their sessions.
func (s *Service) DisableAccount(ctx context.Context, by Operator, username string) (AdminResult, error) {
	return s.setAccountDisabled(ctx, by, username, true)
}

// EnableAccount lets a disabled customer sign in again.
func (s *Service) EnableAccount(ctx context.Context, by Operator, username string) (AdminResult, error) {
	return s.setAccountDisabled(ctx, by, username, false)
}

func (s *Service) setAccountDisabled(ctx context.Context, by Operator, username string, disabled bool) (AdminResult, error) {
	a, err := s.Store.AccountByUsername(ctx, username)
	if err != nil {
		return AdminResult{}, err
	}
	if a.Disabled == disabled {
		return AdminResult{}, nil
	}
	return s.applyUser(ctx, by, &UserChange{Role: RoleSSP, ID: a.ID, Disabled: &disabled, EndSessions: disabled},
		"account", a.Username, enableAction("account", disabled))
}

// SetAccountPassword gives a customer a new password, checked by the
// password rules, and ends their sessions.
func (s *Service) SetAccountPassword(ctx context.Context, by Operator, username, password string) (AdminResult, error) {
	a, err := s.Store.AccountByUsername(ctx, username)
	if err != nil {
		return AdminResult{}, err
	}
	if err := CheckPassword(a.Username, password); err != nil {
		return AdminResult{}, err
	}
	hash, err := s.Passwords.Hash(password)
	if err != nil {
		return AdminResult{}, err
	}
	return s.applyUser(ctx, by, &UserChange{Role: RoleSSP, ID: a.ID, PasswordHash: hash, EndSessions: true},
		"account", a.Username, "account.password_set")
}

// applyUser writes an operator's change with its audit entry.
func (s *Service) applyUser(ctx context.Context, by Operator, uc *UserChange, objectType, username, action string) (AdminResult, error) {
	entry := operatorAudit(by, s.now(), action, objectType, username, "emessage "+objectType+" command")
	if err := s.Store.Apply(ctx, &Change{User: uc, Audit: []AuditEntry{entry}}); err != nil {
		return AdminResult{}, err
	}
	return AdminResult{Changed: true, SessionsEnded: uc.SessionsEnded}, nil
}

// operatorAudit is the audit entry of an operator's command.
func operatorAudit(by Operator, at time.Time, action, objectType, objectID, detail string) AuditEntry {
	return AuditEntry{At: at, ActorKind: "operator", Actor: string(by), Action: action,
		ObjectType: objectType, ObjectID: objectID, Detail: detail}
}

func enableAction(objectType string, disabled bool) string {
	if disabled {
		return objectType + ".disable"
	}
	return objectType + ".enable"
}
