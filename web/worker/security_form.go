package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/county/emessage"
)

// Sign-in security: a worker sets up an authenticator app (the service's
// TOTP), makes new recovery codes, or turns the app off. Each change asks
// for the password first; the rules, the secret and the codes are the
// service's. A worker whom the operator requires to set an app up is sent
// here after signing in, and kept here until it is done (workerPage).

const securityPath = "/worker/security"

// securityPage is the data of the Sign-in security page.
type securityPage struct {
	State emessage.WorkerSecurity
	// Enrol says the worker must set an app up before anything else.
	Enrol bool
}

// workerSecurityGet shows where the worker's sign-in security stands.
func (s *server) workerSecurityGet(w http.ResponseWriter, r *http.Request, p *page) error {
	if r.URL.Query().Get("done") == "off" {
		p.Notice = "Two-step sign-in is turned off: you sign in with your password only."
	}
	return s.renderSecurity(w, r, p, http.StatusOK)
}

func (s *server) renderSecurity(w http.ResponseWriter, r *http.Request, p *page, status int) error {
	st, err := s.svc.WorkerSecurity(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	p.Title = "Sign-in security"
	p.Data = &securityPage{State: st, Enrol: s.svc.CheckMFAEnrolment(p.Actor) != nil}
	s.render(w, r, status, "worker_security", p)
	return nil
}

// securityAction is a change of the sign-in's security, behind the password.
type securityAction struct {
	Path, Title, Intro, Button string
	Warning                    bool
}

var (
	setupAction = securityAction{Path: "/worker/security/setup", Title: "Set up an authenticator app",
		Intro: "Enter your password to confirm that it is you. The next page shows the key to add to your authenticator app. " +
			"An app you set up before keeps working until the new one is confirmed.",
		Button: "Continue"}
	codesAction = securityAction{Path: "/worker/security/recovery-codes", Title: "Make new recovery codes",
		Intro:  "Enter your password to confirm that it is you. Your current recovery codes stop working, used or not.",
		Button: "Make new recovery codes"}
	offAction = securityAction{Path: "/worker/security/turn-off", Title: "Turn off two-step sign-in",
		Intro: "Enter your password to confirm that it is you. You will then sign in with your password only; " +
			"your authenticator app and recovery codes stop working.",
		Button: "Turn off two-step sign-in", Warning: true}
)

// passwordPage is the data of the page that asks for the password before a change.
type passwordPage struct {
	securityAction
	Password formField
}

// securityPasswordForm shows the password form of an action.
func (s *server) securityPasswordForm(act securityAction) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		s.renderPassword(w, r, p, act, http.StatusOK)
		return nil
	}
}

func (s *server) renderPassword(w http.ResponseWriter, r *http.Request, p *page, act securityAction, status int) {
	p.Title = act.Title
	p.Data = &passwordPage{securityAction: act, Password: formField{Name: "password", Label: "Password", Type: "password",
		Autocomplete: "current-password", Error: p.Errors.For("password"), Required: true}}
	s.render(w, r, status, "worker_security_password", p)
}

// passwordRefused shows the password form again with the service's
// refusal; false when err is not such a refusal.
func (s *server) passwordRefused(w http.ResponseWriter, r *http.Request, p *page, act securityAction, err error) bool {
	code := emessage.ErrorCode(err)
	if code != emessage.EReauth && code != emessage.ETooManyRequests && code != emessage.EInvalid {
		return false
	}
	p.Errors = errorsFrom(err, []string{"password"}, nil)
	s.renderPassword(w, r, p, act, httpStatus(code))
	return true
}

// setupPage is the data of the page that sets an app up.
type setupPage struct {
	Secret string       // grouped by four for typing
	URI    template.URL // otpauth://, which html/template would not let through as a plain string
	Code   formField
}

// workerSecuritySetup checks the password and shows a new secret to set up.
func (s *server) workerSecuritySetup(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	setup, err := s.svc.BeginTOTPSetup(r.Context(), p.Actor, r.PostForm.Get("password"))
	if err != nil {
		if s.passwordRefused(w, r, p, setupAction, err) {
			return nil
		}
		return err
	}
	s.renderSetup(w, r, p, setup, http.StatusOK)
	return nil
}

func (s *server) renderSetup(w http.ResponseWriter, r *http.Request, p *page, setup emessage.TOTPSetup, status int) {
	p.Title = setupAction.Title
	p.Data = &setupPage{
		Secret: groupSecret(setup.Secret),
		// Built by the service from a fixed scheme and the escaped username.
		URI: template.URL(setup.URI),
		Code: formField{Name: "otp", Label: "Authentication code", Hint: "The 6-digit code the app shows for e-Messages.",
			Autocomplete: "one-time-code", MaxLength: 64, Error: p.Errors.For("otp"), Required: true},
	}
	s.render(w, r, status, "worker_security_setup", p)
}

// groupSecret writes a base32 secret in groups of four, for typing.
func groupSecret(secret string) string {
	var groups []string
	for len(secret) > 4 {
		groups = append(groups, secret[:4])
		secret = secret[4:]
	}
	return strings.Join(append(groups, secret), " ")
}

// workerSecurityConfirm takes the app's first code, and shows the recovery
// codes once.
func (s *server) workerSecurityConfirm(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	codes, err := s.svc.ConfirmTOTPSetup(r.Context(), p.Actor, r.PostForm.Get("otp"))
	if err == nil {
		s.renderCodes(w, r, p, "Your authenticator app is set up", codes)
		return nil
	}
	if emessage.ErrorCode(err) == emessage.EInvalid {
		setup, perr := s.svc.PendingTOTPSetup(r.Context(), p.Actor)
		if perr == nil {
			p.Errors = errorsFrom(err, []string{"otp"}, nil)
			s.renderSetup(w, r, p, setup, httpStatus(emessage.EInvalid))
			return nil
		}
		err = perr
	}
	if emessage.ErrorCode(err) == emessage.EConflict { // the set-up ended: start again
		p.Errors = &formErrors{General: []string{emessage.ErrorMessage(err)}}
		return s.renderSecurity(w, r, p, http.StatusConflict)
	}
	return err
}

// codesPage is the data of the page that shows recovery codes, once.
type codesPage struct {
	Heading string
	Codes   []string
}

func (s *server) renderCodes(w http.ResponseWriter, r *http.Request, p *page, heading string, codes []string) {
	p.Title = heading
	p.Data = &codesPage{Heading: heading, Codes: codes}
	s.render(w, r, http.StatusOK, "worker_security_codes", p)
}

// workerSecurityRecoveryCodes checks the password and makes new recovery codes.
func (s *server) workerSecurityRecoveryCodes(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	codes, err := s.svc.NewRecoveryCodes(r.Context(), p.Actor, r.PostForm.Get("password"))
	if err != nil {
		if s.passwordRefused(w, r, p, codesAction, err) {
			return nil
		}
		return err
	}
	s.renderCodes(w, r, p, "Your new recovery codes", codes)
	return nil
}

// workerSecurityTurnOff checks the password and turns the app off.
func (s *server) workerSecurityTurnOff(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	if err := s.svc.DisableTOTP(r.Context(), p.Actor, r.PostForm.Get("password")); err != nil {
		if s.passwordRefused(w, r, p, offAction, err) {
			return nil
		}
		return err
	}
	http.Redirect(w, r, securityPath+"?done=off", http.StatusSeeOther)
	return nil
}
