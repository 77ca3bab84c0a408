package web

import (
	"net"
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// loginPage is the data of the sign-in page.
type loginPage struct {
	Username, Password formField
	Next               string
}

func newLoginPage(username, next string, errs *formErrors) *loginPage {
	return &loginPage{
		Username: formField{Name: "username", Label: "Username", Value: username, Autocomplete: "username",
			Error: errs.For("username"), Required: true},
		Password: formField{Name: "password", Label: "Password", Type: "password", Autocomplete: "current-password",
			Error: errs.For("password"), Required: true},
		Next: next,
	}
}

// workerLoginForm shows the sign-in page; a signed-in worker goes on.
func (s *server) workerLoginForm(w http.ResponseWriter, r *http.Request, p *page) error {
	next := workerSite.localPath(r.URL.Query().Get("next"))
	if a, err := s.workerSession(r); err == nil && a.IsWorker() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p.Title = "Sign in"
	if r.URL.Query().Get("signed_out") != "" {
		p.Notice = "You have signed out."
	}
	p.Data = newLoginPage("", r.URL.Query().Get("next"), nil)
	s.render(w, r, http.StatusOK, "worker_login", p)
	return nil
}

// workerLogin signs a worker in: a new session replaces any the browser held.
// A worker with an authenticator app gets no session yet: a half-done
// sign-in, held by the service and named by a short-lived cookie, and the
// page that asks for the code (worker_login_code.go).
func (s *server) workerLogin(w http.ResponseWriter, r *http.Request, p *page) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		return emessage.Errorf(emessage.EMalformed, "The form could not be read. Please try again.")
	}
	username, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	res, err := s.svc.SignIn(r.Context(), emessage.LoginInput{Username: username, Password: r.PostForm.Get("password"), Interactive: true})
	if err == nil && res.Token != "" && !res.Actor.IsWorker() {
		s.svc.Logout(r.Context(), res.Token)
		err = emessage.Errorf(emessage.EInvalidCredentials,
			"This sign-in is for county workers. Customers sign in to the Self-Service Portal at /portal/login.")
	}
	if err != nil {
		code := emessage.ErrorCode(err)
		if code != emessage.EInvalidCredentials && code != emessage.ETooManyRequests {
			return err
		}
		p.Title = "Sign in"
		p.Errors = errorsFrom(err, []string{"username", "password"}, map[string]string{emessage.EInvalidCredentials: "username"})
		p.Data = newLoginPage(username, next, p.Errors)
		s.render(w, r, httpStatus(code), "worker_login", p)
		return nil
	}
	if res.Pending != "" {
		s.setPendingSignIn(w, r, res.Pending)
		target := loginCodePath
		if next != "" {
			target += "?next=" + url.QueryEscape(next)
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	s.startWorkerSession(w, r, res, next)
	return nil
}

// startWorkerSession gives the browser the session of a finished sign-in,
// ending the one it held, and goes on to the page asked for; a worker who
// must set up an authenticator app first goes to that page instead.
func (s *server) startWorkerSession(w http.ResponseWriter, r *http.Request, res emessage.SignInResult, next string) {
	if old := workerSite.sessionToken(r); old != "" {
		if err := s.svc.Logout(r.Context(), old); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			s.log.WarnContext(r.Context(), "could not end the previous session", "err", err)
		}
	}
	s.setSession(w, r, workerSite, res.Token)
	target := workerSite.localPath(next)
	if s.svc.CheckMFAEnrolment(res.Actor) != nil {
		target = securityPath
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// workerLogout ends the session and goes back to the sign-in page.
func (s *server) workerLogout(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := s.endSession(w, r, workerSite); err != nil {
		return err
	}
	http.Redirect(w, r, workerSite.login+"?signed_out=1", http.StatusSeeOther)
	return nil
}

// clientHost is the address a request came from, without its port, for
// sign-in throttling and the audit trail.
func clientHost(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}
