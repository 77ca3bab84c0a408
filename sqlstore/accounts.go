package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/county/emessage"
)

const workerColumns = `id, username, name, county, password_hash, rights, disabled,
	totp_secret, totp_last_step, totp_pending, totp_pending_at,
	away_from, away_to, COALESCE(stand_in_id, 0),
	COALESCE((SELECT sw.username FROM workers sw WHERE sw.id = workers.stand_in_id), ''), COALESCE(supervisor_id, 0)`

func scanWorker(r scanner, w *emessage.Worker) error {
	var (
		rights    string
		pendingAt int64
	)
	err := r.Scan(&w.ID, &w.Username, &w.Name, &w.County, &w.PasswordHash, &rights, &w.Disabled,
		&w.TOTPSecret, &w.TOTPLastStep, &w.TOTPPending, &pendingAt,
		&w.Away.From, &w.Away.To, &w.Away.StandInID, &w.Away.StandIn, &w.SupervisorID)
	w.Rights = splitRights(rights)
	if pendingAt != 0 {
		w.TOTPPendingAt = fromMicros(pendingAt)
	}
	return err
}

// WorkerByUsername returns a worker, disabled or not.
func (s *Store) WorkerByUsername(ctx context.Context, username string) (*emessage.Worker, error) {
	var w emessage.Worker
	err := scanWorker(s.read().queryRow(ctx, `SELECT `+workerColumns+` FROM workers WHERE username = $1`, username), &w)
	if err != nil {
		return nil, notFound(err, "Worker "+username)
	}
	return &w, nil
}

// WorkersByUsernameFold returns the workers whose username is username
// but for the case of A-Z: lower() folds only those, in SQLite and on the
// usernames' "C" collation in PostgreSQL, and username is folded here
// alike (PostgreSQL would fold a parameter by the database's collation).
// It reads every worker: it serves a single sign-on, not every request.
func (s *Store) WorkersByUsernameFold(ctx context.Context, username string) ([]emessage.Worker, error) {
	rows, err := s.read().query(ctx, `SELECT `+workerColumns+` FROM workers WHERE lower(username) = $1 ORDER BY id`, asciiLower(username))
	return collect(rows, err, scanWorker)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

const accountColumns = `id, username, password_hash, email, e_notification, language, disabled,
	phone, sms_notification, sms_stopped`

func scanAccount(r scanner, a *emessage.Account) error {
	return r.Scan(&a.ID, &a.Username, &a.PasswordHash, &a.Email, &a.ENotification, &a.Language, &a.Disabled,
		&a.Phone, &a.SMSNotification, &a.SMSStopped)
}

// AccountByUsername returns an SSP account, disabled or not.
func (s *Store) AccountByUsername(ctx context.Context, username string) (*emessage.Account, error) {
	var a emessage.Account
	err := scanAccount(s.read().queryRow(ctx, `SELECT `+accountColumns+` FROM ssp_accounts WHERE username = $1`, username), &a)
	if err != nil {
		return nil, notFound(err, "Account "+username)
	}
	return &a, nil
}

// Account returns an SSP account by id.
func (s *Store) Account(ctx context.Context, id int64) (*emessage.Account, error) {
	var a emessage.Account
	err := scanAccount(s.read().queryRow(ctx, `SELECT `+accountColumns+` FROM ssp_accounts WHERE id = $1`, id), &a)
	if err != nil {
		return nil, notFound(err, "Account")
	}
	return &a, nil
}

// UpdateAccount saves email, e-Notification, language, phone and texts on
// or off, with its audit entry. Texts turned on are no longer stopped;
// the texts waiting for the account are called off when texts are off or
// the phone changed.
func (s *Store) UpdateAccount(ctx context.Context, a *emessage.Account, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE ssp_accounts SET email = $1, e_notification = $2, language = $3,
				phone = $4, sms_notification = $5, sms_stopped = sms_stopped AND NOT $5
			WHERE id = $6`, a.Email, a.ENotification, a.Language, a.Phone, a.SMSNotification, a.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			return emessage.NotFound("Account")
		}
		if a.SMSNotification {
			a.SMSStopped = false
		}
		if err := callOffTexts(ctx, tx, a.ID, "the customer turned texts off or changed the phone"); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

// CreateSession stores a sign-in, and drops the sessions that have expired.
func (s *Store) CreateSession(ctx context.Context, sess emessage.Session) error {
	return s.write(ctx, func(tx runner) error {
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, micros(sess.CreatedAt)); err != nil {
			return err
		}
		lastSeen := sess.LastSeen
		if lastSeen.IsZero() {
			lastSeen = sess.CreatedAt
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, role, user_id, created_at, expires_at, last_seen)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			sess.TokenHash, string(sess.Role), sess.UserID, micros(sess.CreatedAt), micros(sess.ExpiresAt), micros(lastSeen))
		return err
	})
}

// SessionActor returns the actor of a live session: not expired, and its
// worker or account not disabled. A worker holding the admin right acts as admin.
func (s *Store) SessionActor(ctx context.Context, tokenHash string, now time.Time) (emessage.Actor, emessage.Session, error) {
	var (
		sess                           = emessage.Session{TokenHash: tokenHash}
		created, expires, lastSeen     int64
		role                           emessage.Role
		id                             int64
		wUser, wName, wCounty, wRights sql.NullString
		wDisabled, aDisabled, wTOTP    sql.NullBool
		aUser, aLang                   sql.NullString
	)
	err := s.read().queryRow(ctx, `SELECT s.role, s.user_id, s.created_at, s.expires_at, s.last_seen,
			w.username, w.name, w.county, w.rights, w.disabled, w.totp_secret <> '',
			a.username, a.language, a.disabled
		FROM sessions s
		LEFT JOIN workers w ON s.role <> 'ssp' AND w.id = s.user_id
		LEFT JOIN ssp_accounts a ON s.role = 'ssp' AND a.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, micros(now)).
		Scan(&role, &id, &created, &expires, &lastSeen, &wUser, &wName, &wCounty, &wRights, &wDisabled, &wTOTP, &aUser, &aLang, &aDisabled)
	if err != nil {
		return emessage.Actor{}, sess, notFound(err, "Session")
	}
	sess.Role, sess.UserID = role, id
	sess.CreatedAt, sess.ExpiresAt, sess.LastSeen = fromMicros(created), fromMicros(expires), fromMicros(lastSeen)
	switch {
	case role == emessage.RoleSSP && aUser.Valid && !aDisabled.Bool:
		return emessage.Actor{Role: role, ID: id, Username: aUser.String, Name: aUser.String, Language: aLang.String}, sess, nil
	case role != emessage.RoleSSP && wUser.Valid && !wDisabled.Bool:
		a := emessage.Actor{Role: emessage.RoleWorker, ID: id, Username: wUser.String, Name: wName.String,
			County: wCounty.String, Rights: splitRights(wRights.String), TOTP: wTOTP.Bool}
		if slices.Contains(a.Rights, emessage.RightAdmin) {
			a.Role = emessage.RoleAdmin
		}
		return a, sess, nil
	}
	return emessage.Actor{}, sess, emessage.NotFound("Session")
}

// TouchSession records activity on a session, for the idle timeout.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $1`, micros(at), tokenHash)
		return err
	})
}

// DeleteSession ends a sign-in; ending one that is gone is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		return err
	})
}
