package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// loginCheck signs a worker in: a new session replaces any the browser held.
// A worker with an authenticator app gets no session yet: a half-done
// sign-in, held by the service and named by a short-lived cookie, and the
// page that asks for the code (worker_login_code.go).
func (h *Handler) loginCheck(w http.ResponseWriter, r *http.Request, p *view) error {
	r.Body = http.MaxBytesReader(w, r.Body, answer.MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		return emessage.Errorf(emessage.EMalformed, "The form could not be read. Please try again.")
	}
	username, next := r.PostForm.Get("username"), r.PostForm.Get("next")
	if !h.svc.WorkerPasswordLogin {
		// The page offers no form: whatever was posted is refused unread.
		p.Title = "Sign in"
		err := emessage.PasswordLoginDisabled()
		p.Errors = &page.Errors{General: []string{emessage.ErrorMessage(err)}}
		p.Data = h.newLoginPage("", next, nil)
		h.render(w, r, h.refused(r, err), "login", p)
		return nil
	}
	res, err := h.svc.SignIn(r.Context(), emessage.LoginInput{Username: username, Password: r.PostForm.Get("password"), Interactive: true})
	if err == nil && res.Token != "" && !res.Actor.IsWorker() {
		h.svc.Logout(r.Context(), res.Token)
		err = emessage.Errorf(emessage.EInvalidCredentials,
			"This sign-in is for county workers. Customers sign in to the Self-Service Portal at /portal/login.")
	}
	if err != nil {
		code := emessage.ErrorCode(err)
		if code != emessage.EInvalidCredentials && code != emessage.ETooManyRequests {
			return err
		}
		p.Title = "Sign in"
		p.Errors = page.ErrorsFrom(err, []string{"username", "password"}, map[string]string{emessage.EInvalidCredentials: "username"})
		p.Data = h.newLoginPage(username, next, p.Errors)
		h.render(w, r, h.refused(r, err), "login", p)
		return nil
	}
	if res.Pending != "" {
		h.setPendingSignIn(w, r, res.Pending)
		target := loginCodePath
		if next != "" {
			target += "?next=" + url.QueryEscape(next)
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	h.startSession(w, r, res, next)
	return nil
}
