package worker

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/county/emessage"
)

// Sign in with your county account (SPEC section 17): the browser goes to
// the county's identity provider and comes back to the callback. What
// binds the two ends is the attempt the service began (its state, nonce
// and PKCE verifier, 256 random bits each), which the browser keeps in a
// cookie until it comes back: no server keeps it, so that any server
// behind the county's load balancer can finish the sign-in. The cookie
// is sent to /worker/oidc/ only, cannot be read by scripts, lives 10
// minutes, is Secure over HTTPS, and is SameSite=Lax: the provider's
// redirect back is a top-level navigation, which carries it. The callback
// clears it before anything else, so an attempt is finished once.
//
// It needs no key: nothing in it is trusted because the server made it.
// The state that comes back must equal the cookie's (compared in constant
// time), the ID token must hold the cookie's nonce, and the provider
// takes the code only with the verifier whose hash it got at the start.
// Someone who forges a cookie can only pair their own values with each
// other, which signs in nobody but themselves.

const (
	ssoStartPath    = "/worker/oidc/start"
	ssoCallbackPath = "/worker/oidc/callback"
	ssoCookie       = "emessage_worker_oidc"
	ssoCookiePath   = "/worker/oidc/"
	// ssoLifetime is how long the browser has at the identity provider.
	ssoLifetime = 10 * time.Minute
)

// ssoAttempt is the cookie's content: the service's attempt and the page
// to go on to after signing in.
type ssoAttempt struct {
	emessage.SSOAttempt
	Next string
}

// encode joins the attempt's parts with dots: the random parts are
// base64url, which holds no dot, and the return path is base64url too.
func (a ssoAttempt) encode() string {
	return strings.Join([]string{a.State, a.Nonce, a.Verifier, base64.RawURLEncoding.EncodeToString([]byte(a.Next))}, ".")
}

func decodeSSOAttempt(v string) (ssoAttempt, bool) {
	parts := strings.Split(v, ".")
	if len(parts) != 4 {
		return ssoAttempt{}, false
	}
	next, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil {
		return ssoAttempt{}, false
	}
	return ssoAttempt{emessage.SSOAttempt{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, string(next)}, true
}

// setSSOAttempt gives the browser the attempt's cookie.
func (h *Handler) setSSOAttempt(w http.ResponseWriter, r *http.Request, a ssoAttempt) {
	http.SetCookie(w, &http.Cookie{
		Name: ssoCookie, Value: a.encode(), Path: ssoCookiePath, MaxAge: int(ssoLifetime.Seconds()),
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// takeSSOAttempt returns the attempt of the browser's cookie (the zero
// attempt when there is none or it is not one) and clears the cookie.
func (h *Handler) takeSSOAttempt(w http.ResponseWriter, r *http.Request) ssoAttempt {
	http.SetCookie(w, &http.Cookie{
		Name: ssoCookie, Value: "", Path: ssoCookiePath, MaxAge: -1,
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteLaxMode,
	})
	c, err := r.Cookie(ssoCookie)
	if err != nil {
		return ssoAttempt{}
	}
	a, _ := decodeSSOAttempt(c.Value)
	return a
}
