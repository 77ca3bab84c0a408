package web

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// The second step of a worker's sign-in: after a right password, a worker
// with an authenticator app is asked for its code (or a recovery code). The
// half-done sign-in is the service's (a row holding only its token's hash,
// ended after emessage.MFAPendingLifetime); the browser holds the token in
// a cookie that lives as long, is sent to the sign-in pages only, and that
// scripts cannot read. It is no session: it opens no other page.

const (
	loginCodePath = "/worker/login/code"
	pendingCookie = "emessage_worker_mfa"
)

// codeFields are the fields of the second step's form.
var codeFields = []string{"otp"}

// loginCodePage is the data of the second step's page.
type loginCodePage struct {
	Code formField
	Next string
}

func newLoginCodePage(next string, errs *formErrors) *loginCodePage {
	return &loginCodePage{
		Code: formField{Name: "otp", Label: "Authentication code", Autocomplete: "one-time-code", MaxLength: 64,
			Hint:  "The 6-digit code your authenticator app shows now, or one of your recovery codes (like abcde-12345).",
			Error: errs.For("otp"), Required: true},
		Next: next,
	}
}

// setPendingSignIn gives the browser the half-done sign-in's cookie.
func (s *server) setPendingSignIn(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: pendingCookie, Value: token, Path: workerSite.login, MaxAge: int(emessage.MFAPendingLifetime.Seconds()),
		HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode,
	})
}

func (s *server) clearPendingSignIn(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: pendingCookie, Value: "", Path: workerSite.login, MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteStrictMode,
	})
}

func pendingSignIn(r *http.Request) string {
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// workerLoginCodeForm asks for the code; without a half-done sign-in, the
// browser goes back to the first step.
func (s *server) workerLoginCodeForm(w http.ResponseWriter, r *http.Request, p *page) error {
	next := r.URL.Query().Get("next")
	if pendingSignIn(r) == "" {
		s.loginAgain(w, r, next)
		return nil
	}
	p.Title = "Authentication code"
	p.Data = newLoginCodePage(next, nil)
	s.render(w, r, http.StatusOK, "worker_login_code", p)
	return nil
}

// workerLoginCode takes the code and finishes the sign-in.
func (s *server) workerLoginCode(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	next := r.PostForm.Get("next")
	res, err := s.svc.FinishSignIn(r.Context(), pendingSignIn(r), r.PostForm.Get("otp"))
	switch code := emessage.ErrorCode(err); code {
	case "":
		s.clearPendingSignIn(w, r)
		s.startWorkerSession(w, r, res, next)
		return nil
	case emessage.EUnauthorized:
		// Too late, or no half-done sign-in: the first step again, saying why.
		s.clearPendingSignIn(w, r)
		p.Title = "Sign in"
		p.Errors = &formErrors{General: []string{emessage.ErrorMessage(err)}}
		p.Data = newLoginPage("", next, nil)
		s.render(w, r, http.StatusUnauthorized, "worker_login", p)
		return nil
	case emessage.EInvalidCredentials, emessage.EInvalid, emessage.ETooManyRequests:
		p.Title = "Authentication code"
		p.Errors = errorsFrom(err, codeFields, nil)
		p.Data = newLoginCodePage(next, p.Errors)
		s.render(w, r, httpStatus(code), "worker_login_code", p)
		return nil
	}
	return err
}

// loginAgain sends the browser to the first step of signing in.
func (s *server) loginAgain(w http.ResponseWriter, r *http.Request, next string) {
	target := workerSite.login
	if next != "" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
