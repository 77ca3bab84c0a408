package emessage

import (
	"context"
	"strings"
	"time"
)

// The workers' second factor (ASVS V6.4-V6.6): an authenticator app
// (TOTP, totp.go), opt-in per worker or required of every worker by the
// operator (RequireWorkerMFA), with ten single-use recovery codes. Setting
// one up, making new recovery codes and turning it off each need the
// password again; each is audited.

const (
	// MFAPendingLifetime is how long a half-done sign-in waits for the code.
	MFAPendingLifetime = 5 * time.Minute
	// TOTPSetupWindow is how long a secret being set up waits for the code
	// that confirms it.
	TOTPSetupWindow = 10 * time.Minute
)

// usedRecoveryCode names the second factor of a sign-in by recovery code.
const usedRecoveryCode = "recovery code"

// CheckMFAEnrolment refuses a worker who must set up an authenticator app
// and has not: the worker site then offers nothing but the enrolment page,
// and the API nothing at all. A session begun at the county's identity
// provider is not refused: the provider did the second factor (SPEC
// section 17), and an app set up here would never be asked for.
func (s *Service) CheckMFAEnrolment(a Actor) error {
	if s.RequireWorkerMFA && a.IsWorker() && !a.TOTP && !a.SSO {
		return Errorf(EMFAEnrolment, "Your county requires workers to sign in with an authenticator app. "+
			"Sign in to the worker site (/worker/login) and set one up under Sign-in security first.")
	}
	return nil
}

// startChallenge keeps a half-done sign-in whose password was right.
func (s *Service) startChallenge(ctx context.Context, w *Worker) (SignInResult, error) {
	token, hash := NewToken()
	now := s.now()
	err := s.Store.CreateMFAChallenge(ctx, MFAChallenge{TokenHash: hash, WorkerID: w.ID, CreatedAt: now, ExpiresAt: now.Add(MFAPendingLifetime)})
	if err != nil {
		return SignInResult{}, err
	}
	return SignInResult{Pending: token}, nil
}

// FinishSignIn takes the code of a half-done sign-in (SignIn with
// Interactive) and starts the session. A half-done sign-in that ended or
// does not exist is unauthorized: the worker signs in again.
func (s *Service) FinishSignIn(ctx context.Context, pending, code string) (SignInResult, error) {
	again := Errorf(EUnauthorized, "Your sign-in was not finished within %d minutes. Please sign in again.", int(MFAPendingLifetime.Minutes()))
	if pending == "" {
		return SignInResult{}, again
	}
	hash := HashToken(pending)
	ch, err := s.Store.MFAChallenge(ctx, hash, s.now())
	if ErrorCode(err) == ENotFound {
		return SignInResult{}, again
	}
	if err != nil {
		return SignInResult{}, err
	}
	w, err := s.Store.Worker(ctx, ch.WorkerID)
	if ErrorCode(err) == ENotFound || err == nil && (w.Disabled || w.TOTPSecret == "") {
		s.Store.DeleteMFAChallenge(ctx, hash)
		return SignInResult{}, again
	}
	if err != nil {
		return SignInResult{}, err
	}
	addr := ClientAddr(ctx)
	if err := s.throttled(ctx, w.Username, addr); err != nil {
		return SignInResult{}, err
	}
	if strings.TrimSpace(code) == "" {
		return SignInResult{}, FieldError(EInvalid, "otp", "Enter the 6-digit code your authenticator app shows, or one of your recovery codes.")
	}
	used, err := s.secondFactor(ctx, w, code, addr)
	if err != nil {
		return SignInResult{}, err
	}
	if err := s.Store.DeleteMFAChallenge(ctx, hash); err != nil {
		return SignInResult{}, err
	}
	return s.startSession(ctx, workerActor(w), used, addr)
}

// secondFactor checks a worker's code: six digits are the authenticator
// app's (each step's code taken once), anything else a recovery code (each
// taken once). It returns which was used. A wrong code counts as a failed
// sign-in.
func (s *Service) secondFactor(ctx context.Context, w *Worker, code, addr string) (string, error) {
	code = strings.TrimSpace(code)
	used, ok := "authenticator app", false
	if isTOTPCode(code) {
		key, err := ParseTOTPSecret(w.TOTPSecret)
		if err != nil {
			return "", err
		}
		if step, match := matchTOTP(key, code, s.Now(), w.TOTPLastStep); match {
			if ok, err = s.Store.UseTOTPStep(ctx, w.ID, step); err != nil {
				return "", err
			}
		}
	} else if len(code) <= 64 {
		used = usedRecoveryCode
		var err error
		if ok, err = s.Store.UseRecoveryCode(ctx, w.ID, hashRecoveryCode(code), s.now()); err != nil {
			return "", err
		}
	}
	if !ok {
		s.Throttle.failed(s.Now(), w.Username, addr)
		s.auditLogin(ctx, "login.mfa_failed", w.Username, addr)
		return "", FieldError(EInvalidCredentials, "otp",
			"The authentication code is not correct, or it was used already. Enter the code your app shows now, or one of your recovery codes.")
	}
	return used, nil
}

// WorkerSecurity is where a worker's sign-in security stands.
type WorkerSecurity struct {
	Enabled           bool // signs in with an authenticator app
	RecoveryCodesLeft int
	// Required says the operator requires an authenticator app of every worker.
	Required bool
}

// WorkerSecurity returns where the signed-in worker's sign-in security stands.
func (s *Service) WorkerSecurity(ctx context.Context, a Actor) (WorkerSecurity, error) {
	w, err := s.signedInWorker(ctx, a)
	if err != nil {
		return WorkerSecurity{}, err
	}
	out := WorkerSecurity{Enabled: w.TOTPSecret != "", Required: s.RequireWorkerMFA}
	if out.Enabled {
		out.RecoveryCodesLeft, err = s.Store.RecoveryCodesLeft(ctx, w.ID)
	}
	return out, err
}

// TOTPSetup is an authenticator app being set up: the secret to type in,
// and the otpauth:// address that hands it to an app.
type TOTPSetup struct {
	Secret string // base32
	URI    string
}

// BeginTOTPSetup makes a new secret for the signed-in worker's authenticator
// app, after the password. It is kept aside until ConfirmTOTPSetup gets a
// right code from the app; an app set up before goes on working until then.
func (s *Service) BeginTOTPSetup(ctx context.Context, a Actor, password string) (TOTPSetup, error) {
	w, err := s.reauthWorker(ctx, a, password)
	if err != nil {
		return TOTPSetup{}, err
	}
	secret := NewTOTPSecret()
	if err := s.Store.SetPendingTOTP(ctx, w.ID, secret, s.now()); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: secret, URI: TOTPURI(w.Username, secret)}, nil
}

// PendingTOTPSetup returns the set-up begun within TOTPSetupWindow, for its
// page to be shown again (after a wrong code).
func (s *Service) PendingTOTPSetup(ctx context.Context, a Actor) (TOTPSetup, error) {
	w, err := s.pendingWorker(ctx, a)
	if err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: w.TOTPPending, URI: TOTPURI(w.Username, w.TOTPPending)}, nil
}

func (s *Service) pendingWorker(ctx context.Context, a Actor) (*Worker, error) {
	w, err := s.signedInWorker(ctx, a)
	if err != nil {
		return nil, err
	}
	if w.TOTPPending == "" || s.now().Sub(w.TOTPPendingAt) > TOTPSetupWindow {
		return nil, Errorf(EConflict, "The set-up was not finished within %d minutes. Please start again.", int(TOTPSetupWindow.Minutes()))
	}
	return w, nil
}

// ConfirmTOTPSetup takes a code from the app being set up: when it is
// right, the app's secret becomes the worker's (the code cannot be used
// again to sign in), ten new recovery codes replace any others, and the
// worker's other sessions end: they were opened with the password alone,
// perhaps by whoever made the worker want an app. The
// codes are returned to be shown once; only their hashes are kept.
func (s *Service) ConfirmTOTPSetup(ctx context.Context, a Actor, code string) ([]string, error) {
	w, err := s.pendingWorker(ctx, a)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, FieldError(EInvalid, "otp", "Enter the 6-digit code your authenticator app shows.")
	}
	key, err := ParseTOTPSecret(w.TOTPPending)
	if err != nil {
		return nil, err
	}
	step, ok := matchTOTP(key, code, s.Now(), 0)
	if !ok {
		return nil, FieldError(EInvalid, "otp",
			"That code is not right. Enter the 6-digit code the app shows now; check that the phone's clock is set automatically.")
	}
	codes, hashes := newRecoveryCodes()
	detail := "first"
	if w.TOTPSecret != "" {
		detail = "replaced"
	}
	err = s.Store.EnableTOTP(ctx, w.ID, a.Session, w.TOTPPending, step, hashes, audit(a, s.now(), "mfa.enrol", "worker", a.Username, detail))
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// NewRecoveryCodes replaces the signed-in worker's recovery codes with ten
// new ones, after the password; they are returned to be shown once.
func (s *Service) NewRecoveryCodes(ctx context.Context, a Actor, password string) ([]string, error) {
	w, err := s.reauthWorker(ctx, a, password)
	if err != nil {
		return nil, err
	}
	if w.TOTPSecret == "" {
		return nil, Errorf(EInvalid, "Recovery codes come with an authenticator app: set one up first.")
	}
	codes, hashes := newRecoveryCodes()
	err = s.Store.ReplaceRecoveryCodes(ctx, w.ID, hashes, audit(a, s.now(), "mfa.recovery_codes", "worker", a.Username, ""))
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns the signed-in worker's authenticator app off, after the
// password: the secret and the recovery codes are forgotten. Refused when
// the operator requires an app of every worker.
func (s *Service) DisableTOTP(ctx context.Context, a Actor, password string) error {
	if a.IsWorker() && s.RequireWorkerMFA {
		return Errorf(EForbidden, "Your county requires workers to sign in with an authenticator app, so it cannot be turned off. "+
			"You can set up a new one instead.")
	}
	w, err := s.reauthWorker(ctx, a, password)
	if err != nil {
		return err
	}
	if w.TOTPSecret == "" && w.TOTPPending == "" {
		return Errorf(EInvalid, "You do not sign in with an authenticator app.")
	}
	return s.Store.DisableTOTP(ctx, w.ID, audit(a, s.now(), "mfa.disable", "worker", a.Username, ""))
}

// signedInWorker is the signed-in worker's record.
func (s *Service) signedInWorker(ctx context.Context, a Actor) (*Worker, error) {
	if !a.IsWorker() {
		return nil, Errorf(EForbidden, "This is for county workers only.")
	}
	return s.Store.Worker(ctx, a.ID)
}

// reauthWorker checks the signed-in worker's password again before a
// change of the sign-in's security (ASVS V6.x re-authentication). Wrong
// passwords count as failed sign-ins.
func (s *Service) reauthWorker(ctx context.Context, a Actor, password string) (*Worker, error) {
	w, err := s.signedInWorker(ctx, a)
	if err != nil {
		return nil, err
	}
	if password == "" {
		return nil, FieldError(EReauth, "password", "Enter your password.")
	}
	addr := ClientAddr(ctx)
	if err := s.throttled(ctx, w.Username, addr); err != nil {
		return nil, err
	}
	if len(password) > maxPasswordBytes || !s.Passwords.Verify(w.PasswordHash, password) {
		s.Throttle.failed(s.Now(), w.Username, addr)
		s.Store.AppendAudit(ctx, audit(a, s.now(), "reauth.failed", "worker", a.Username, addr))
		return nil, FieldError(EReauth, "password", "The password is not correct.")
	}
	return w, nil
}
