package worker

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/qrcode"
	"github.com/county/emessage/web/page"
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
	// County says this session began at the county's identity provider,
	// whose own second factor guards it; NoPassword that workers cannot
	// sign in with a password at all (--worker-password-login=false), so
	// an app here would guard nothing.
	County, NoPassword bool
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
	Password page.Field
}

func (h *Handler) renderPassword(w http.ResponseWriter, r *http.Request, p *view, act securityAction, status int) {
	p.Title = act.Title
	p.Data = &passwordPage{securityAction: act, Password: page.Field{Name: "password", Label: "Password", Type: "password",
		Autocomplete: "current-password", Error: p.Errors.For("password"), Required: true}}
	h.render(w, r, status, "security_password", p)
}

// passwordRefused shows the password form again with the service's
// refusal; false when err is not such a refusal.
func (h *Handler) passwordRefused(w http.ResponseWriter, r *http.Request, p *view, act securityAction, err error) bool {
	code := emessage.ErrorCode(err)
	if code != emessage.EReauth && code != emessage.ETooManyRequests && code != emessage.EInvalid {
		return false
	}
	p.Errors = page.ErrorsFrom(err, []string{"password"}, nil)
	h.renderPassword(w, r, p, act, h.refused(r, err))
	return true
}

// setupPage is the data of the page that sets an app up.
type setupPage struct {
	Secret string       // grouped by four for typing
	URI    template.URL // otpauth://, which html/template would not let through as a plain string
	// QR is the set-up address as a QR code for the app's camera, a PNG
	// in a data: address ("" when it could not be drawn: the key stays).
	QR   template.URL
	Code page.Field
}

func (h *Handler) renderSetup(w http.ResponseWriter, r *http.Request, p *view, setup emessage.TOTPSetup, status int) {
	p.Title = setupAction.Title
	p.Data = &setupPage{
		Secret: groupSecret(setup.Secret),
		// Built by the service from a fixed scheme and the escaped username.
		URI: template.URL(setup.URI),
		Code: page.Field{Name: "otp", Label: "Authentication code", Hint: "The 6-digit code the app shows for e-Messages.",
			Autocomplete: "one-time-code", MaxLength: 64, Error: p.Errors.For("otp"), Required: true},
	}
	qr, err := qrcode.DataURL(setup.URI)
	if err != nil {
		h.log.WarnContext(r.Context(), "could not draw the set-up QR code", "err", err)
	}
	p.Data.(*setupPage).QR = qr
	h.render(w, r, status, "security_setup", p)
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

// codesPage is the data of the page that shows recovery codes, once.
type codesPage struct {
	Heading string
	Codes   []string
}

func (h *Handler) renderCodes(w http.ResponseWriter, r *http.Request, p *view, heading string, codes []string) {
	p.Title = heading
	p.Data = &codesPage{Heading: heading, Codes: codes}
	h.render(w, r, http.StatusOK, "security_codes", p)
}
