package emessage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// The workers' second factor, through the service on each database.

// mfaWorld is a service on a store holding fixture.World (passwords
// "pw"), with a clock the test moves.
type mfaWorld struct {
	*testrig.Rig
	t   *testing.T
	svc *emessage.Service
}

func newMFAWorld(t *testing.T, r *testrig.Rig) *mfaWorld {
	return &mfaWorld{Rig: r, t: t, svc: r.Service}
}

// tick moves the clock on by one TOTP step.
func (w *mfaWorld) tick() { w.Clock.Add(emessage.TOTPStep) }

func (w *mfaWorld) login(username string) emessage.Actor {
	w.t.Helper()
	res, err := w.svc.SignIn(context.Background(), emessage.LoginInput{Username: username, Password: "pw", Interactive: true})
	if err != nil || res.Token == "" {
		w.t.Fatalf("sign in %s: %+v, %v", username, res, err)
	}
	return res.Actor
}

// enrol sets an authenticator app up for a signed-in worker; it returns the
// app's key and the recovery codes, and moves the clock past the step used.
func (w *mfaWorld) enrol(a emessage.Actor) ([]byte, []string) {
	w.t.Helper()
	ctx := context.Background()
	setup, err := w.svc.BeginTOTPSetup(ctx, a, "pw")
	if err != nil {
		w.t.Fatal(err)
	}
	key, err := emessage.ParseTOTPSecret(setup.Secret)
	if err != nil {
		w.t.Fatal(err)
	}
	codes, err := w.svc.ConfirmTOTPSetup(ctx, a, emessage.TOTPCode(key, w.Clock.Now()))
	if err != nil {
		w.t.Fatal(err)
	}
	w.tick()
	return key, codes
}

func (w *mfaWorld) signIn(username, password, otp string) (emessage.SignInResult, error) {
	return w.svc.SignIn(context.Background(), emessage.LoginInput{Username: username, Password: password, OTP: otp})
}

// auditCount counts the audit entries of an action about a login or worker.
func (w *mfaWorld) auditCount(objectType, id, action string) int {
	w.t.Helper()
	trail, err := w.Store.AuditTrail(context.Background(), objectType, id)
	if err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, e := range trail {
		if e.Action == action {
			n++
		}
	}
	return n
}

// TestMFAEnrolment: setting an app up needs the password and a right code
// from the app; the secret counts only once confirmed.
func TestMFAEnrolment(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		jdoe := w.login("jdoe")
		for _, pw := range []string{"", "wrong"} {
			_, err := w.svc.BeginTOTPSetup(ctx, jdoe, pw)
			wantCode(t, err, emessage.EReauth)
			if emessage.ErrorField(err) != "password" {
				t.Fatalf("field = %q", emessage.ErrorField(err))
			}
		}
		if n := w.auditCount("worker", "jdoe", "reauth.failed"); n != 1 {
			t.Fatalf("%d reauth.failed entries, want 1", n)
		}
		_, err := w.svc.BeginTOTPSetup(ctx, w.login("maria"), "pw")
		wantCode(t, err, emessage.EForbidden)

		setup, err := w.svc.BeginTOTPSetup(ctx, jdoe, "pw")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(setup.URI, "otpauth://totp/e-Messages:jdoe?") || !strings.Contains(setup.URI, "secret="+setup.Secret) {
			t.Fatalf("setup = %+v", setup)
		}
		key, _ := emessage.ParseTOTPSecret(setup.Secret)
		// Not confirmed yet: the password alone still signs in.
		if res, err := w.signIn("jdoe", "pw", ""); err != nil || res.Token == "" || res.Actor.TOTP {
			t.Fatalf("sign in before confirming = %+v, %v", res, err)
		}
		if again, err := w.svc.PendingTOTPSetup(ctx, jdoe); err != nil || again != setup {
			t.Fatalf("pending = %+v, %v; want %+v", again, err, setup)
		}
		for _, code := range []string{"", "123", emessage.TOTPCode(key, w.Clock.Now().Add(-2*emessage.TOTPStep))} {
			_, err = w.svc.ConfirmTOTPSetup(ctx, jdoe, code)
			wantCode(t, err, emessage.EInvalid)
		}
		if wk, _ := w.Store.WorkerByUsername(ctx, "jdoe"); wk.TOTPSecret != "" {
			t.Fatal("a wrong code enabled the app")
		}
		codes, err := w.svc.ConfirmTOTPSetup(ctx, jdoe, emessage.TOTPCode(key, w.Clock.Now()))
		if err != nil || len(codes) != emessage.RecoveryCodeCount {
			t.Fatalf("confirm = %v, %v", codes, err)
		}
		wk, _ := w.Store.WorkerByUsername(ctx, "jdoe")
		if wk.TOTPSecret != setup.Secret || wk.TOTPPending != "" {
			t.Fatalf("after confirming: %+v", wk)
		}
		for _, c := range codes {
			if strings.Contains(wk.TOTPSecret, c) {
				t.Fatal("a recovery code is stored as it is")
			}
		}
		if n := w.auditCount("worker", "jdoe", "mfa.enrol"); n != 1 {
			t.Fatalf("%d mfa.enrol entries", n)
		}
		// The code that confirmed cannot sign in.
		_, err = w.signIn("jdoe", "pw", emessage.TOTPCode(key, w.Clock.Now()))
		wantCode(t, err, emessage.EInvalidCredentials)
		sec, err := w.svc.WorkerSecurity(ctx, jdoe)
		if err != nil || !sec.Enabled || sec.RecoveryCodesLeft != 10 || sec.Required {
			t.Fatalf("security = %+v, %v", sec, err)
		}

		// A set-up left waiting ends.
		if _, err := w.svc.BeginTOTPSetup(ctx, jdoe, "pw"); err != nil {
			t.Fatal(err)
		}
		w.Clock.Add(emessage.TOTPSetupWindow + time.Second)
		_, err = w.svc.ConfirmTOTPSetup(ctx, jdoe, "000000")
		wantCode(t, err, emessage.EConflict)
		_, err = w.svc.PendingTOTPSetup(ctx, jdoe)
		wantCode(t, err, emessage.EConflict)
		if wk, _ := w.Store.WorkerByUsername(ctx, "jdoe"); wk.TOTPSecret != setup.Secret {
			t.Fatal("a set-up begun and left replaced the app")
		}
	})
}

// TestMFASignIn: a worker with an app signs in with password and code, each
// step's code once, within one step of drift; customers and workers without
// an app sign in as before.
func TestMFASignIn(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		key, _ := w.enrol(w.login("jdoe"))

		_, _, err := w.svc.Login(ctx, "jdoe", "pw")
		wantCode(t, err, emessage.EMFARequired)
		_, err = w.signIn("jdoe", "pw", wrongCode(key, w.Clock.Now()))
		wantCode(t, err, emessage.EInvalidCredentials)
		if emessage.ErrorField(err) != "otp" {
			t.Fatalf("field %q, want otp", emessage.ErrorField(err))
		}
		if n := w.auditCount("login", "jdoe", "login.mfa_failed"); n != 1 {
			t.Fatalf("%d login.mfa_failed entries, want 1", n)
		}
		_, err = w.signIn("jdoe", "wrong", emessage.TOTPCode(key, w.Clock.Now()))
		wantCode(t, err, emessage.EInvalidCredentials)

		code := emessage.TOTPCode(key, w.Clock.Now())
		res, err := w.signIn("jdoe", "pw", code)
		if err != nil || res.Token == "" || !res.Actor.TOTP {
			t.Fatalf("sign in with the code = %+v, %v", res, err)
		}
		if a, err := w.svc.Authenticate(ctx, res.Token); err != nil || a.Username != "jdoe" || !a.TOTP {
			t.Fatalf("session = %+v, %v", a, err)
		}
		_, err = w.signIn("jdoe", "pw", code)
		wantCode(t, err, emessage.EInvalidCredentials) // a replay
		w.tick()
		w.tick()
		_, err = w.signIn("jdoe", "pw", code)
		wantCode(t, err, emessage.EInvalidCredentials) // two steps ago
		if _, err := w.signIn("jdoe", "pw", " "+emessage.TOTPCode(key, w.Clock.Now().Add(-emessage.TOTPStep))+" "); err != nil {
			t.Fatalf("a code of the step before: %v", err)
		}
		if _, err := w.signIn("jdoe", "pw", emessage.TOTPCode(key, w.Clock.Now().Add(emessage.TOTPStep))); err != nil {
			t.Fatalf("a code of the step after: %v", err)
		}

		// Others sign in as before; a code given is not looked at.
		for _, in := range []emessage.LoginInput{
			{Username: "maria", Password: "pw"}, {Username: "maria", Password: "pw", OTP: "123456"},
			{Username: "asmith", Password: "pw"}, {Username: "asmith", Password: "pw", OTP: "x"},
		} {
			if res, err := w.svc.SignIn(ctx, in); err != nil || res.Token == "" {
				t.Fatalf("sign in %+v = %+v, %v", in, res, err)
			}
		}
	})
}

// TestMFARecoveryCodes: a recovery code signs in once; new codes need the
// password and replace the old ones; turning the app off needs the password.
func TestMFARecoveryCodes(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		jdoe := w.login("jdoe")
		_, err := w.svc.NewRecoveryCodes(ctx, jdoe, "pw")
		wantCode(t, err, emessage.EInvalid) // no app yet
		_, codes := w.enrol(jdoe)

		typed := strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))
		if res, err := w.signIn("jdoe", "pw", typed); err != nil || res.Token == "" {
			t.Fatalf("sign in with a recovery code = %+v, %v", res, err)
		}
		if n := w.auditCount("worker", "jdoe", "mfa.recovery_code_used"); n != 1 {
			t.Fatalf("%d mfa.recovery_code_used entries", n)
		}
		_, err = w.signIn("jdoe", "pw", codes[0])
		wantCode(t, err, emessage.EInvalidCredentials)
		if sec, _ := w.svc.WorkerSecurity(ctx, jdoe); sec.RecoveryCodesLeft != 9 {
			t.Fatalf("%d codes left, want 9", sec.RecoveryCodesLeft)
		}

		_, err = w.svc.NewRecoveryCodes(ctx, jdoe, "wrong")
		wantCode(t, err, emessage.EReauth)
		fresh, err := w.svc.NewRecoveryCodes(ctx, jdoe, "pw")
		if err != nil || len(fresh) != 10 {
			t.Fatalf("new codes = %v, %v", fresh, err)
		}
		_, err = w.signIn("jdoe", "pw", codes[1])
		wantCode(t, err, emessage.EInvalidCredentials) // replaced
		if _, err := w.signIn("jdoe", "pw", fresh[9]); err != nil {
			t.Fatal(err)
		}
		if n := w.auditCount("worker", "jdoe", "mfa.recovery_codes"); n != 1 {
			t.Fatalf("%d mfa.recovery_codes entries", n)
		}

		wantCode(t, w.svc.DisableTOTP(ctx, jdoe, ""), emessage.EReauth)
		wantCode(t, w.svc.DisableTOTP(ctx, jdoe, "wrong"), emessage.EReauth)
		if err := w.svc.DisableTOTP(ctx, jdoe, "pw"); err != nil {
			t.Fatal(err)
		}
		if n := w.auditCount("worker", "jdoe", "mfa.disable"); n != 1 {
			t.Fatalf("%d mfa.disable entries", n)
		}
		if _, _, err := w.svc.Login(ctx, "jdoe", "pw"); err != nil {
			t.Fatalf("sign in after turning the app off: %v", err)
		}
		wantCode(t, w.svc.DisableTOTP(ctx, jdoe, "pw"), emessage.EInvalid)
	})
}

// TestMFAThrottle: failed codes count as failed sign-ins, and a right
// password does not clear the count while the code is wrong.
func TestMFAThrottle(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		key, _ := w.enrol(w.login("jdoe"))
		ctx = emessage.WithClientAddr(ctx, "10.0.0.9")
		wrong := wrongCode(key, w.Clock.Now())
		for i := range emessage.FreeLoginsPerUser {
			_, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: "jdoe", Password: "pw", OTP: wrong})
			if emessage.ErrorCode(err) != emessage.EInvalidCredentials {
				t.Fatalf("try %d: %v, want invalid_credentials", i+1, err)
			}
		}
		_, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: "jdoe", Password: "pw", OTP: emessage.TOTPCode(key, w.Clock.Now())})
		wantCode(t, err, emessage.ETooManyRequests)

		// The second step of the worker site counts the same way.
		w.Clock.Add(emessage.MaxLoginWait + emessage.LoginWindow + time.Minute)
		res, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: "jdoe", Password: "pw", Interactive: true})
		if err != nil || res.Pending == "" {
			t.Fatalf("half-done sign-in = %+v, %v", res, err)
		}
		for range emessage.FreeLoginsPerUser {
			_, err := w.svc.FinishSignIn(ctx, res.Pending, wrong)
			wantCode(t, err, emessage.EInvalidCredentials)
		}
		_, err = w.svc.FinishSignIn(ctx, res.Pending, emessage.TOTPCode(key, w.Clock.Now()))
		wantCode(t, err, emessage.ETooManyRequests)
	})
}

// TestMFAHalfDoneSignIn: the worker site's two steps: a right password
// gives no session, only a half-done sign-in that the code finishes once,
// within its five minutes.
func TestMFAHalfDoneSignIn(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		key, codes := w.enrol(w.login("jdoe"))
		start := func() string {
			t.Helper()
			res, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: "jdoe", Password: "pw", Interactive: true})
			if err != nil || res.Pending == "" || res.Token != "" || res.Actor.Username != "" {
				t.Fatalf("half-done sign-in = %+v, %v", res, err)
			}
			return res.Pending
		}
		pending := start()
		if _, err := w.svc.Authenticate(ctx, pending); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("the half-done sign-in's token opens a session: %v", err)
		}
		_, err := w.svc.FinishSignIn(ctx, pending, "")
		wantCode(t, err, emessage.EInvalid)
		_, err = w.svc.FinishSignIn(ctx, "made-up", emessage.TOTPCode(key, w.Clock.Now()))
		wantCode(t, err, emessage.EUnauthorized)
		res, err := w.svc.FinishSignIn(ctx, pending, emessage.TOTPCode(key, w.Clock.Now()))
		if err != nil || res.Token == "" || res.Actor.Username != "jdoe" {
			t.Fatalf("finish = %+v, %v", res, err)
		}
		if a, err := w.svc.Authenticate(ctx, res.Token); err != nil || a.Username != "jdoe" {
			t.Fatalf("session = %+v, %v", a, err)
		}
		_, err = w.svc.FinishSignIn(ctx, pending, codes[0])
		wantCode(t, err, emessage.EUnauthorized) // used up

		pending = start()
		w.Clock.Add(emessage.MFAPendingLifetime)
		_, err = w.svc.FinishSignIn(ctx, pending, codes[0])
		wantCode(t, err, emessage.EUnauthorized) // too late
		pending = start()
		if _, err := w.svc.FinishSignIn(ctx, pending, codes[0]); err != nil {
			t.Fatalf("finish with a recovery code: %v", err)
		}

		// Workers without an app and customers get their session at once.
		for _, u := range []string{"asmith", "maria"} {
			res, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: u, Password: "pw", Interactive: true})
			if err != nil || res.Token == "" || res.Pending != "" {
				t.Fatalf("%s: %+v, %v", u, res, err)
			}
		}
	})
}

// TestMFARequired: with RequireWorkerMFA, a worker without an app is
// refused by the API's sign-in and kept to enrolment on the site; the app
// cannot be turned off.
func TestMFARequired(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		w.svc.RequireWorkerMFA = true
		_, _, err := w.svc.Login(ctx, "jdoe", "pw")
		wantCode(t, err, emessage.EMFAEnrolment)
		_, _, err = w.svc.Login(ctx, "jdoe", "wrong")
		wantCode(t, err, emessage.EInvalidCredentials) // the password first
		if _, _, err := w.svc.Login(ctx, "maria", "pw"); err != nil {
			t.Fatalf("customer: %v", err)
		}
		jdoe := w.login("jdoe") // the worker site: a session, for enrolment only
		wantCode(t, w.svc.CheckMFAEnrolment(jdoe), emessage.EMFAEnrolment)
		if sec, _ := w.svc.WorkerSecurity(ctx, jdoe); !sec.Required || sec.Enabled {
			t.Fatalf("security = %+v", sec)
		}
		key, _ := w.enrol(jdoe)
		a, err := w.svc.Authenticate(ctx, mustToken(t, w, key))
		if err != nil || w.svc.CheckMFAEnrolment(a) != nil {
			t.Fatalf("after enrolment: %+v, %v", a, err)
		}
		wantCode(t, w.svc.DisableTOTP(ctx, a, "pw"), emessage.EForbidden)
		if w.svc.CheckMFAEnrolment(emessage.Actor{Role: emessage.RoleSSP}) != nil {
			t.Fatal("a customer is asked to enrol")
		}
	})
}

// wrongCode is a six-digit code that the app holding key does not show
// around now.
func wrongCode(key []byte, now time.Time) string {
	for _, c := range []string{"000000", "111111", "222222"} {
		if c != emessage.TOTPCode(key, now) && c != emessage.TOTPCode(key, now.Add(-emessage.TOTPStep)) &&
			c != emessage.TOTPCode(key, now.Add(emessage.TOTPStep)) {
			return c
		}
	}
	panic("unreachable")
}

// mustToken signs jdoe in with the app's current code.
func mustToken(t *testing.T, w *mfaWorld, key []byte) string {
	t.Helper()
	res, err := w.signIn("jdoe", "pw", emessage.TOTPCode(key, w.Clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return res.Token
}

// TestMFAEnrolmentEndsOtherSessions: sessions opened with the password
// alone end when the worker sets an app up, all but the one that set it up;
// a customer's sessions are not touched.
func TestMFAEnrolmentEndsOtherSessions(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		w := newMFAWorld(t, r)
		start := func(username string) string {
			t.Helper()
			res, err := w.svc.SignIn(ctx, emessage.LoginInput{Username: username, Password: "pw", Interactive: true})
			if err != nil || res.Token == "" {
				t.Fatalf("sign in %s: %+v, %v", username, res, err)
			}
			return res.Token
		}
		here, elsewhere, maria := start("jdoe"), start("jdoe"), start("maria")
		a, err := w.svc.Authenticate(ctx, here)
		if err != nil {
			t.Fatal(err)
		}
		w.enrol(a)
		if _, err := w.svc.Authenticate(ctx, elsewhere); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("jdoe's other session after setting up the app: %v, want unauthorized", err)
		}
		if _, err := w.svc.Authenticate(ctx, here); err != nil {
			t.Fatalf("the session that set the app up: %v", err)
		}
		if _, err := w.svc.Authenticate(ctx, maria); err != nil {
			t.Fatalf("a customer's session: %v", err)
		}
	})
}
