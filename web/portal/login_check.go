package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// loginCheck signs a customer in: a new session replaces any the browser
// held. Failed sign-ins are counted per username and per address by the
// service, which refuses with too_many_requests when they pile up.
func (h *Handler) loginCheck(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	username, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	token, actor, err := h.svc.Login(r.Context(), username, r.PostForm.Get("password"))
	// A worker's right password: refused here, whatever their second factor.
	worker := err == nil && !actor.IsCustomer()
	if code := emessage.ErrorCode(err); code == emessage.EMFARequired || code == emessage.EMFAEnrolment {
		worker = true
	}
	if worker {
		if token != "" {
			h.svc.Logout(r.Context(), token)
		}
		err = emessage.Errorf(emessage.EInvalidCredentials, "This sign-in is for portal customers.")
		p.Errors = &page.Errors{}
		p.Errors.Add("username", p.T("err_worker_login"), []string{"username", "password"})
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
		h.render(w, r, h.refused(r, err), "login", p)
		return nil
	}
	if old := h.site.SessionToken(r); old != "" {
		if err := h.svc.Logout(r.Context(), old); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			h.log.WarnContext(r.Context(), "could not end the previous session", "err", err)
		}
	}
	h.site.SetSession(w, r, token)
	http.Redirect(w, r, h.site.LocalPath(next), http.StatusSeeOther)
	return nil
}
