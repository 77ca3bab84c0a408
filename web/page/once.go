package page

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"

	"github.com/county/emessage"
)

// Pages that create something carry a one-time token in their form (SPEC
// section 19): the same form sent again (Back then Save, a reload, a
// second tab) finds its token used and is sent to what the first one made,
// with a notice, instead of making it twice.

// OnceField is the name of the form field that holds the token.
const OnceField = "once"

// NewOnceToken returns a new one-time token for a form.
func NewOnceToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// FormOnce claims the token of a posted form for a. When the form was sent
// before, it sends the browser where the first one did, with done=again
// for the page's notice, and reports sent; the handler has answered.
// Otherwise done must be called once the form is handled, with where the
// browser is sent ("" when the form was refused: the token may then be used
// again). A form without a token is handled as it is.
func FormOnce(w http.ResponseWriter, r *http.Request, svc *emessage.Service, log *slog.Logger, a emessage.Actor, token string) (done func(location string), sent bool, err error) {
	if token == "" {
		return func(string) {}, false, nil
	}
	if !validToken(token) {
		return nil, false, emessage.Errorf(emessage.EMalformed, "This form is out of date. Please open the page again and send it from there.")
	}
	// One form may post to two addresses (the portal's answer box and its
	// upload): each claims the token for itself.
	key := "form:" + r.URL.Path + ":" + token
	prior, err := svc.ClaimOnce(r.Context(), a, key, r.Method+" "+r.URL.Path)
	if err != nil {
		return nil, false, err
	}
	if prior != nil {
		before, sep := string(prior.Body), "?"
		if strings.Contains(before, "?") {
			sep = "&"
		}
		SetHeaders(w.Header())
		http.Redirect(w, r, before+sep+"done=again", http.StatusSeeOther)
		return nil, true, nil
	}
	return func(location string) {
		var err error
		if location == "" {
			err = svc.ReleaseOnce(r.Context(), a, key)
		} else {
			err = svc.FinishOnce(r.Context(), a, key, emessage.OnceAnswer{Status: http.StatusSeeOther, Body: []byte(location)})
		}
		if err != nil {
			log.ErrorContext(r.Context(), "could not keep a form's one-time token", "err", err)
		}
	}, false, nil
}

// OnceInAddress gives a page whose form creates something its one-time
// token in its address, so that the browser's history keeps it: Back to
// the form brings the same token back, whether the browser shows the page
// from its cache or loads it again. A request without a token is sent to
// the same address with a new one (redirected true); otherwise the token.
func OnceInAddress(w http.ResponseWriter, r *http.Request) (token string, redirected bool) {
	q := r.URL.Query()
	if t := q.Get(OnceField); validToken(t) {
		return t, false
	}
	q.Set(OnceField, NewOnceToken())
	SetHeaders(w.Header())
	http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
	return "", true
}

// validToken reports whether t looks like a token NewOnceToken made.
func validToken(t string) bool {
	if len(t) != 22 {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
