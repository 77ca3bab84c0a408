package page

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// FuzzFormOnce: any one-time token a form may carry, on the real store, is
// either refused as a form out of date (not one NewOnceToken made; never a
// 500, never a panic) or taken once: the first post goes on, and the same form posted again is
// sent where the first one went, with done=again. A made-up token is no
// key to another form: the key holds the form's address too.
func FuzzFormOnce(f *testing.F) {
	for _, seed := range []string{NewOnceToken(), "x", "AAAAAAAAAAAAAAAAAAAAAA", "a:b", "../../x", "\x00", strings.Repeat("t", 300), "é?&done=sent"} {
		f.Add(seed)
	}
	r := testrig.New(f, fixture.World())
	a := emessage.Actor{Role: emessage.RoleSSP, Username: "maria"}
	log := slog.New(slog.DiscardHandler)
	n := 0
	f.Fuzz(func(t *testing.T, token string) {
		n++
		// Each run a day later: earlier runs' tokens are past their window
		// and forgotten, so the store stays small however long it runs.
		r.Clock.Add(emessage.OnceWindow + time.Second)
		path := fmt.Sprintf("/portal/messages/M%d/reply", n)
		post := func() (*httptest.ResponseRecorder, func(string), bool, error) {
			w := httptest.NewRecorder()
			req := httptest.NewRequest("POST", path, nil)
			done, sent, err := FormOnce(w, req, r.Service, log, a, token)
			return w, done, sent, err
		}
		_, done, sent, err := post()
		if token != "" && !validToken(token) {
			if emessage.ErrorCode(err) != emessage.EMalformed || !strings.Contains(emessage.ErrorMessage(err), "out of date") {
				t.Fatalf("token %q: %v, want the form out of date", token, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("token %q: %v", token, err)
		}
		if sent {
			t.Fatalf("token %q: a new form was taken as sent before", token)
		}
		if token == "" {
			return // a form without a token is handled as it is, every time
		}
		done(path + "?x=1")
		w, _, sent, err := post()
		if err != nil || !sent || w.Code != http.StatusSeeOther || w.Header().Get("Location") != path+"?x=1&done=again" {
			t.Fatalf("token %q sent again: sent %v, %v, %d %q", token, sent, err, w.Code, w.Header().Get("Location"))
		}
	})
}
