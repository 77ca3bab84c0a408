package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/county/emessage"
)

// registerWorkerRoutes lists the worker site of SPEC section 5 and the
// static files the pages share.
func (s *server) registerWorkerRoutes() {
	m := s.mux
	m.HandleFunc("GET /static/{version}/{path...}", s.handleStatic)

	m.Handle("GET /worker/login", s.publicPage(s.workerLoginForm))
	m.Handle("POST /worker/login", s.publicPage(s.workerLogin))
	m.Handle("GET /worker/login/code", s.publicPage(s.workerLoginCodeForm))
	m.Handle("POST /worker/login/code", s.publicPage(s.workerLoginCode))
	m.Handle("POST /worker/logout", s.publicPage(s.workerLogout))
	m.Handle("GET /worker", http.RedirectHandler("/worker/", http.StatusMovedPermanently))

	m.Handle("GET /worker/{$}", s.workerPage("home", "", s.workerHome))
	m.Handle("GET /worker/e-tools", s.workerPage("etools", "", s.workerETools))
	m.Handle("GET /worker/cases", s.workerPage("cases", "", s.workerCasesList))
	m.Handle("GET /worker/cases/{number}", s.workerPage("cases", "", s.workerCaseGet))
	m.Handle("GET /worker/cases/{number}/audit", s.workerPage("cases", "", s.workerCaseAuditGet))
	m.Handle("GET /worker/cases/{number}/persons", s.workerJSON(s.workerCasePersons))

	m.Handle("GET /worker/messages", s.workerPage("etools", "emessages", s.workerMessagesList))
	m.Handle("GET /worker/messages/new", s.workerPage("etools", "emessages", s.workerMessageNewForm))
	m.Handle("POST /worker/messages/new", s.workerPage("etools", "emessages", s.workerMessageNew))
	m.Handle("GET /worker/messages/{id}", s.workerPage("etools", "emessages", s.workerMessageGet))
	m.Handle("GET /worker/messages/{id}/edit", s.workerPage("etools", "emessages", s.workerMessageEditForm))
	m.Handle("POST /worker/messages/{id}/edit", s.workerPage("etools", "emessages", s.workerMessageEdit))
	m.Handle("GET /worker/messages/{id}/view", s.workerPage("etools", "emessages", s.workerMessageView))
	m.Handle("GET /worker/messages/{id}/audit", s.workerPage("etools", "emessages", s.workerMessageAuditGet))
	m.Handle("GET /worker/messages/{id}/uploads/{upload_id}", s.workerPage("etools", "emessages", s.workerUploadGet))

	// Sign-in security: open to a worker who must still set up an app.
	m.Handle("GET /worker/security", s.securityPage(s.workerSecurityGet))
	m.Handle("GET /worker/security/setup", s.securityPage(s.securityPasswordForm(setupAction)))
	m.Handle("POST /worker/security/setup", s.securityPage(s.workerSecuritySetup))
	m.Handle("POST /worker/security/setup/confirm", s.securityPage(s.workerSecurityConfirm))
	m.Handle("GET /worker/security/recovery-codes", s.securityPage(s.securityPasswordForm(codesAction)))
	m.Handle("POST /worker/security/recovery-codes", s.securityPage(s.workerSecurityRecoveryCodes))
	m.Handle("GET /worker/security/turn-off", s.securityPage(s.securityPasswordForm(offAction)))
	m.Handle("POST /worker/security/turn-off", s.securityPage(s.workerSecurityTurnOff))
}

// pageFunc is a page handler: it renders its page, or returns an error
// that the error page shows. p arrives with the frame filled in.
type pageFunc func(w http.ResponseWriter, r *http.Request, p *page) error

// publicPage serves a page that needs no sign-in (the sign-in page).
func (s *server) publicPage(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &page{Layout: "worker_layout"}
		if err := fn(w, r, p); err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// workerPage serves a page of the worker site to a signed-in worker. A
// browser without a live session goes to the sign-in page and comes back.
// A worker who must set up an authenticator app first (the service's
// CheckMFAEnrolment) goes to the Sign-in security page instead. What the
// worker may see or do is the service's business.
func (s *server) workerPage(section, task string, fn pageFunc) http.Handler {
	return s.signedInPage(section, task, fn, true)
}

// securityPage serves a page of Sign-in security, which a worker who must
// set up an authenticator app may open.
func (s *server) securityPage(fn pageFunc) http.Handler {
	return s.signedInPage("security", "", fn, false)
}

func (s *server) signedInPage(section, task string, fn pageFunc, enrolled bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := s.workerSession(r)
		if emessage.ErrorCode(err) == emessage.EUnauthorized {
			if workerSite.sessionToken(r) != "" {
				s.clearSession(w, r, workerSite)
			}
			s.loginRedirect(w, r, workerSite)
			return
		}
		if err == nil && enrolled && s.svc.CheckMFAEnrolment(a) != nil {
			setPageHeaders(w.Header())
			http.Redirect(w, r, securityPath, http.StatusSeeOther)
			return
		}
		p := &page{Layout: "worker_layout", Section: section, Task: task, Actor: a}
		if err == nil {
			p.County, err = s.svc.WorkerCounty(r.Context(), a)
		}
		if err == nil {
			err = fn(w, r.WithContext(withActor(r.Context(), a)), p)
		}
		if err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// workerJSON serves a small JSON answer to the worker site's own script,
// with the cookie session; errors are in the API's shape.
func (s *server) workerJSON(fn apiFunc) http.Handler {
	return s.api(func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.workerSession(r)
		if err == nil {
			err = s.svc.CheckMFAEnrolment(a)
		}
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		return fn(w, r.WithContext(withActor(r.Context(), a)))
	})
}

// workerSession returns the worker of the request's session cookie. A
// session of a customer is no session here.
func (s *server) workerSession(r *http.Request) (emessage.Actor, error) {
	a, err := s.svc.Authenticate(r.Context(), workerSite.sessionToken(r))
	if err != nil {
		return a, err
	}
	if !a.IsWorker() {
		return emessage.Actor{}, emessage.Errorf(emessage.EUnauthorized, "Please sign in as a county worker.")
	}
	return a, nil
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// pageError shows an error as a page: a plain explanation and the way on,
// never a blank page. An ended session goes back to the sign-in page. The
// cause of a failure of ours is logged, and the person sees the safe sentence.
func (s *server) pageError(w http.ResponseWriter, r *http.Request, p *page, err error) {
	if siteOf(r.URL.Path) == portalSite {
		s.portalError(w, r, p, err)
		return
	}
	code := emessage.ErrorCode(err)
	status := httpStatus(code)
	if status == http.StatusUnauthorized {
		s.loginRedirect(w, r, siteOf(r.URL.Path))
		return
	}
	msg := emessage.ErrorMessage(err)
	if status >= 500 {
		level := s.log.ErrorContext
		if errors.Is(err, context.Canceled) {
			level = s.log.InfoContext
		}
		level(r.Context(), "page failed", "method", r.Method, "route", r.Pattern, "code", code, "err", err)
		msg = internalMessage
	}
	s.logRefusal(r, p.Actor, code, status)
	e := &errorPage{Status: status, Message: msg, Heading: errorHeading(status)}
	p.Title, p.Data = e.Heading, e
	s.render(w, r, status, "error", p)
}

func errorHeading(status int) string {
	switch status {
	case http.StatusForbidden:
		return "You do not have access to this page"
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusConflict:
		return "This e-Message has changed"
	case http.StatusMethodNotAllowed:
		return "This address does not take that request"
	}
	if status >= 500 {
		return "Something went wrong"
	}
	return "This request cannot be completed"
}

// pageNoRoute answers an unknown address of the worker site or the portal
// with the error page.
func (s *server) pageNoRoute(w http.ResponseWriter, r *http.Request, status int) {
	code, msg := emessage.ENotFound, "There is no page at this address. Check the address, or start again from the home page."
	if status == http.StatusMethodNotAllowed {
		code, msg = codeMethodNotAllowed, "This address does not take "+r.Method+" requests."
	}
	s.pageError(w, r, &page{Layout: "worker_layout"}, emessage.Errorf(code, "%s", msg))
}
