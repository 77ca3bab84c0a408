package web

import (
	"net/http"

	"github.com/county/emessage"
)

// portalLoginPage is the data of the portal's sign-in page.
type portalLoginPage struct {
	Username, Password formField
	Next               string
}

func newPortalLoginPage(p *page, username, next string) *portalLoginPage {
	return &portalLoginPage{
		Username: formField{Name: "username", Label: p.T("username"), Value: username, Autocomplete: "username",
			Error: p.Errors.For("username"), Required: true},
		Password: formField{Name: "password", Label: p.T("password"), Type: "password", Autocomplete: "current-password",
			Error: p.Errors.For("password"), Required: true},
		Next: next,
	}
}

// portalLoginForm shows the sign-in page; a signed-in customer goes on.
func (s *server) portalLoginForm(w http.ResponseWriter, r *http.Request, p *page) error {
	next := portalSite.localPath(r.URL.Query().Get("next"))
	if _, err := s.portalSession(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p.Title = p.T("login_title")
	if r.URL.Query().Get("signed_out") != "" {
		p.Notice = p.T("signed_out")
	}
	p.Data = newPortalLoginPage(p, "", r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "portal_login", p)
	return nil
}

// portalLogin signs a customer in: a new session replaces any the browser
// held. Failed sign-ins are counted per username and per address by the
// service, which refuses with too_many_requests when they pile up.
func (s *server) portalLogin(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	username, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	ctx := emessage.WithClientAddr(r.Context(), clientHost(r))
	token, actor, err := s.svc.Login(ctx, username, r.PostForm.Get("password"))
	// A worker's right password: refused here, whatever their second factor.
	worker := err == nil && !actor.IsCustomer()
	if code := emessage.ErrorCode(err); code == emessage.EMFARequired || code == emessage.EMFAEnrolment {
		worker = true
	}
	if worker {
		if token != "" {
			s.svc.Logout(r.Context(), token)
		}
		err = emessage.Errorf(emessage.EInvalidCredentials, "This sign-in is for portal customers.")
		p.Errors = &formErrors{}
		p.Errors.add("username", p.T("err_worker_login"), []string{"username", "password"})
	}
	if err != nil {
		code := emessage.ErrorCode(err)
		if code != emessage.EInvalidCredentials && code != emessage.ETooManyRequests {
			return err
		}
		if p.Errors == nil {
			p.Errors = portalErrors(p.Lang, err, typed{}, []string{"username", "password"})
		}
		p.Title = p.T("login_title")
		p.Data = newPortalLoginPage(p, username, next)
		s.render(w, r, httpStatus(code), "portal_login", p)
		return nil
	}
	if old := portalSite.sessionToken(r); old != "" {
		if err := s.svc.Logout(r.Context(), old); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			s.log.WarnContext(r.Context(), "could not end the previous session", "err", err)
		}
	}
	s.setSession(w, r, portalSite, token)
	http.Redirect(w, r, portalSite.localPath(next), http.StatusSeeOther)
	return nil
}

// portalLogout ends the session and goes back to the sign-in page, which
// keeps speaking the customer's language.
func (s *server) portalLogout(w http.ResponseWriter, r *http.Request, p *page) error {
	if a, err := s.portalSession(r); err == nil && emessage.ValidLanguage(a.Language) {
		s.setLangCookie(w, r, a.Language)
	}
	if err := s.endSession(w, r, portalSite); err != nil {
		return err
	}
	http.Redirect(w, r, portalSite.login+"?signed_out=1", http.StatusSeeOther)
	return nil
}
