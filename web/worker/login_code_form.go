package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
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
	Code page.Field
	Next string
}

func newLoginCodePage(next string, errs *page.Errors) *loginCodePage {
	return &loginCodePage{
		Code: page.Field{Name: "otp", Label: "Authentication code", Autocomplete: "one-time-code", MaxLength: 64,
			Hint:  "The 6-digit code your authenticator app shows now, or one of your recovery codes (like abcde-12345).",
			Error: errs.For("otp"), Required: true},
		Next: next,
	}
}

// setPendingSignIn gives the browser the half-done sign-in's cookie.
func (h *Handler) setPendingSignIn(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: pendingCookie, Value: token, Path: h.site.Login, MaxAge: int(emessage.MFAPendingLifetime.Seconds()),
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteStrictMode,
	})
}

func (h *Handler) clearPendingSignIn(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: pendingCookie, Value: "", Path: h.site.Login, MaxAge: -1,
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteStrictMode,
	})
}

func pendingSignIn(r *http.Request) string {
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// loginAgain sends the browser to the first step of signing in.
func (h *Handler) loginAgain(w http.ResponseWriter, r *http.Request, next string) {
	target := h.site.Login
	if next != "" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
