package emessage_test

import (
	"context"
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// Worker single sign-on through the service, against a real OpenID
// provider in process, on each database.

const ssoRedirect = "https://emessage.example.gov/worker/oidc/callback"

// ssoWorld is a service on fixture.World whose workers sign in at op.
type ssoWorld struct {
	*testrig.Rig
	t  *testing.T
	op *testrig.OIDCProvider
}

func newSSOWorld(t *testing.T, r *testrig.Rig) *ssoWorld {
	op := testrig.NewOIDCProvider(t)
	r.Service.IdentityProvider = op.MustDiscover(t, ssoRedirect)
	return &ssoWorld{Rig: r, t: t, op: op}
}

// begin starts a sign-in as u would at the provider, and returns the
// attempt the browser keeps and what the provider sent it back with.
func (w *ssoWorld) begin(u testrig.OIDCUser) (emessage.SSOAttempt, emessage.SSOCallback) {
	w.t.Helper()
	w.op.SignInAs(u)
	authURL, a, err := w.Service.BeginSSO(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	back, err := url.Parse(w.op.Authorize(w.t, authURL))
	if err != nil {
		w.t.Fatal(err)
	}
	if got := back.Scheme + "://" + back.Host + back.Path; got != ssoRedirect {
		w.t.Fatalf("sent back to %s, want %s", got, ssoRedirect)
	}
	q := back.Query()
	return a, emessage.SSOCallback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")}
}

func (w *ssoWorld) finish(a emessage.SSOAttempt, cb emessage.SSOCallback) (emessage.SignInResult, error) {
	ctx := emessage.WithClientAddr(context.Background(), "203.0.113.8")
	return w.Service.FinishSSO(ctx, a, cb)
}

func (w *ssoWorld) signIn(u testrig.OIDCUser) (emessage.SignInResult, error) {
	w.t.Helper()
	return w.finish(w.begin(u))
}

// lastAudit is the newest audit entry of a sign-in of username.
func (w *ssoWorld) lastAudit(objectType, username string) emessage.AuditEntry {
	w.t.Helper()
	trail, err := w.Store.AuditTrail(context.Background(), objectType, username)
	if err != nil || len(trail) == 0 {
		w.t.Fatalf("no audit entry of %s %q: %v", objectType, username, err)
	}
	return trail[len(trail)-1]
}

// TestSSOSignIn: the provider's username, matched ignoring case, starts
// the same session as a password sign-in, audited as a login by oidc, and
// the session needs no authenticator app even where the county requires
// one for password sign-ins.
func TestSSOSignIn(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		w := newSSOWorld(t, r)
		r.Service.RequireWorkerMFA = true
		for _, name := range []string{"jdoe", "JDoe"} {
			res, err := w.signIn(testrig.OIDCUser{Username: name})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if res.Token == "" || res.Actor.Username != "jdoe" || !res.Actor.SSO {
				t.Fatalf("%s signed in as %+v", name, res)
			}
			a, err := r.Service.Authenticate(context.Background(), res.Token)
			if err != nil || a.Username != "jdoe" || !a.SSO {
				t.Fatalf("the session's actor = %+v, %v", a, err)
			}
			if err := r.Service.CheckMFAEnrolment(a); err != nil {
				t.Fatalf("a county sign-in is sent to set up an app: %v", err)
			}
			e := w.lastAudit("worker", "jdoe")
			if e.Action != "login" || e.Actor != "jdoe" || e.Detail != `{"method":"oidc","addr":"203.0.113.8"}` {
				t.Fatalf("audit = %+v", e)
			}
		}
		// A password session of the same worker is still held to the app.
		_, a, err := r.Service.Login(context.Background(), "asmith", "pw")
		if err == nil || a.SSO {
			t.Fatalf("a password sign-in with MFA required: %+v, %v", a, err)
		}
	})
}

// TestSSOSignInRefused: each way a sign-in at the provider can go wrong is
// refused with its code, creates nothing, and is audited as a refused
// login by oidc with the reason.
func TestSSOSignInRefused(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		w := newSSOWorld(t, r)
		if _, err := r.Service.DisableWorker(context.Background(), "admin", "asmith"); err != nil {
			t.Fatal(err)
		}
		jdoe := testrig.OIDCUser{Username: "jdoe"}
		cases := []struct {
			name     string
			sign     func() (emessage.SignInResult, error)
			code     string
			username string // the audit entry's, when the provider's name got that far
			reason   string
		}{
			{"unknown user", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "nobody"})
			}, emessage.ENotSetUp, "nobody", "no worker has this username"},
			{"disabled user", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "ASmith"})
			}, emessage.ENotSetUp, "ASmith", "the worker is disabled"},
			{"a customer's username", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "maria"})
			}, emessage.ENotSetUp, "maria", "no worker has this username"},
			{"wrong state", func() (emessage.SignInResult, error) {
				a, cb := w.begin(jdoe)
				cb.State = "forged"
				return w.finish(a, cb)
			}, emessage.EMalformed, "", "the state is not the one this browser was given"},
			{"no attempt in the browser", func() (emessage.SignInResult, error) {
				_, cb := w.begin(jdoe)
				return w.finish(emessage.SSOAttempt{}, cb)
			}, emessage.EMalformed, "", "the state is not the one"},
			{"another browser's attempt", func() (emessage.SignInResult, error) {
				mine, _ := w.begin(jdoe)
				_, theirs := w.begin(jdoe)
				return w.finish(mine, theirs)
			}, emessage.EMalformed, "", "the state is not the one"},
			{"the provider signed nobody in", func() (emessage.SignInResult, error) {
				a, cb := w.begin(jdoe)
				cb.Code, cb.Error = "", "access_denied"
				return w.finish(a, cb)
			}, emessage.ESSORefused, "", "signed nobody in: access_denied"},
			{"replayed code", func() (emessage.SignInResult, error) {
				a, cb := w.begin(jdoe)
				if _, err := w.finish(a, cb); err != nil {
					t.Fatalf("the first use of the code: %v", err)
				}
				return w.finish(a, cb)
			}, emessage.ESSORefused, "", "refused the code (invalid_grant)"},
			{"wrong PKCE verifier", func() (emessage.SignInResult, error) {
				a, cb := w.begin(jdoe)
				a.Verifier = strings.Repeat("v", 43)
				return w.finish(a, cb)
			}, emessage.ESSORefused, "", "refused the code (invalid_grant)"},
			{"wrong audience", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "jdoe", Audience: "another-client"})
			}, emessage.ESSORefused, "", "for another client (audience another-client)"},
			{"expired token", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "jdoe", Expired: true})
			}, emessage.ESSORefused, "", "the ID token expired at"},
			{"nonce mismatch", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Username: "jdoe", Nonce: "another-nonce"})
			}, emessage.ESSORefused, "", "nonce is not this sign-in's"},
			{"no username claim", func() (emessage.SignInResult, error) {
				return w.signIn(testrig.OIDCUser{Email: "jdoe@example.gov"})
			}, emessage.ESSORefused, "", "no preferred_username claim"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := testrig.RowCounts(t, r.URL)
				res, err := c.sign()
				if emessage.ErrorCode(err) != c.code || res.Token != "" {
					t.Fatalf("got %+v, %v; want %s", res, err, c.code)
				}
				after := testrig.RowCounts(t, r.URL)
				after["audit_log"]--
				if c.name == "replayed code" { // the first use signed in
					after["sessions"]--
					after["audit_log"]--
				}
				if !maps.Equal(before, after) {
					t.Errorf("rows before %v, after %v: want one audit entry more", before, after)
				}
				e := w.lastAudit("login", c.username)
				if e.Action != "login.refused" || e.ActorKind != "anonymous" ||
					!strings.HasPrefix(e.Detail, `{"method":"oidc","addr":"203.0.113.8","reason":"`) || !strings.Contains(e.Detail, c.reason) {
					t.Errorf("audit = %+v, want login.refused by oidc for %q", e, c.reason)
				}
			})
		}
	})
}

// TestSSOUsernameAmbiguous: two workers whose usernames differ only in case
// are no match for a third spelling (each matches its own exactly).
func TestSSOUsernameAmbiguous(t *testing.T) {
	data := fixture.World()
	twin := data.Workers[0]
	twin.Username = "JDOE"
	data.Workers = append(data.Workers, twin)
	w := newSSOWorld(t, testrig.New(t, data))
	if _, err := w.signIn(testrig.OIDCUser{Username: "Jdoe"}); emessage.ErrorCode(err) != emessage.ENotSetUp {
		t.Fatalf("an ambiguous username: %v, want %s", err, emessage.ENotSetUp)
	}
	for _, name := range []string{"jdoe", "JDOE"} {
		res, err := w.signIn(testrig.OIDCUser{Username: name})
		if err != nil || res.Actor.Username != name {
			t.Fatalf("%s: %+v, %v", name, res.Actor, err)
		}
	}
}

// TestWorkerPasswordLoginOff: with password sign-in off for workers, a
// worker's right password is refused with password_login_disabled, a wrong
// one or an unknown username as before (one answer, one hash), and
// customers sign in as ever.
func TestWorkerPasswordLoginOff(t *testing.T) {
	r := testrig.New(t, fixture.World())
	r.Service.WorkerPasswordLogin = false
	ctx := context.Background()
	for _, c := range []struct{ username, password, code string }{
		{"jdoe", "pw", emessage.EPasswordLogin},
		{"jdoe", "wrong", emessage.EInvalidCredentials},
		{"nobody", "pw", emessage.EInvalidCredentials},
		{"maria", "pw", ""},
	} {
		res, err := r.Service.SignIn(ctx, emessage.LoginInput{Username: c.username, Password: c.password})
		if emessage.ErrorCode(err) != c.code || (c.code == "") != (res.Token != "") {
			t.Errorf("%s/%s: %+v, %v; want %q", c.username, c.password, res, err, c.code)
		}
	}
	trail, err := r.Store.AuditTrail(ctx, "login", "jdoe")
	if err != nil || len(trail) != 2 || trail[0].Action != "login.password_disabled" {
		t.Fatalf("audit of jdoe's sign-ins = %+v, %v", trail, err)
	}
}

// TestSSOOff: without an identity provider, a sign-in cannot begin or finish.
func TestSSOOff(t *testing.T) {
	r := testrig.New(t, fixture.World())
	if r.Service.SSOEnabled() {
		t.Fatal("single sign-on is on without a provider")
	}
	if _, _, err := r.Service.BeginSSO(context.Background()); emessage.ErrorCode(err) != emessage.ENotFound {
		t.Fatalf("begin: %v", err)
	}
	_, err := r.Service.FinishSSO(context.Background(), emessage.SSOAttempt{State: "s"}, emessage.SSOCallback{State: "s", Code: "c"})
	if emessage.ErrorCode(err) != emessage.ENotFound {
		t.Fatalf("finish: %v", err)
	}
}

// TestSSOProviderDown: a provider that stops answering between the start
// and the end of a sign-in is a 503 to try again, audited.
func TestSSOProviderDown(t *testing.T) {
	w := newSSOWorld(t, testrig.New(t, fixture.World()))
	a, cb := w.begin(testrig.OIDCUser{Username: "jdoe"})
	w.op.Stop()
	if _, err := w.finish(a, cb); emessage.ErrorCode(err) != emessage.EUnavailable {
		t.Fatalf("finish: %v, want %s", err, emessage.EUnavailable)
	}
	if e := w.lastAudit("login", ""); e.Action != "login.refused" || !strings.Contains(e.Detail, "could not be reached") {
		t.Fatalf("audit = %+v", e)
	}
}
