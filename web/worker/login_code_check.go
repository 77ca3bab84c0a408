package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// loginCodeCheck takes the code and finishes the sign-in.
func (h *Handler) loginCodeCheck(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	next := r.PostForm.Get("next")
	res, err := h.svc.FinishSignIn(r.Context(), pendingSignIn(r), r.PostForm.Get("otp"))
	switch code := emessage.ErrorCode(err); code {
	case "":
		h.clearPendingSignIn(w, r)
		h.startSession(w, r, res, next)
		return nil
	case emessage.EUnauthorized:
		// Too late, or no half-done sign-in: the first step again, saying why.
		h.clearPendingSignIn(w, r)
		p.Title = "Sign in"
		p.Errors = &page.Errors{General: []string{emessage.ErrorMessage(err)}}
		p.Data = h.newLoginPage("", next, nil)
		h.render(w, r, http.StatusUnauthorized, "login", p)
		return nil
	case emessage.EInvalidCredentials, emessage.EInvalid, emessage.ETooManyRequests:
		p.Title = "Authentication code"
		p.Errors = page.ErrorsFrom(err, codeFields, nil)
		p.Data = newLoginCodePage(next, p.Errors)
		h.render(w, r, h.refused(r, err), "login_code", p)
		return nil
	}
	return err
}
