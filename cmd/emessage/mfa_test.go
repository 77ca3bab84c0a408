package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// TestRequireWorkerMFAFlag: serve --require-worker-mfa refuses the API
// sign-in of a worker without an authenticator app (403
// mfa_enrolment_required), sends their browser to the enrolment page after
// signing in and keeps it there; customers sign in as before.
func TestRequireWorkerMFAFlag(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	srv := startServerArgs(t, dir, "--require-worker-mfa")
	r := srv.anon().Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": fixturePassword})
	r.Want(t, http.StatusForbidden, "mfa_enrolment_required")
	if !strings.Contains(r.Err().Message, "/worker/login") {
		t.Fatalf("the refusal does not say where to enrol: %s", r.Body)
	}
	srv.anon().Do("POST", "/api/v1/login", map[string]string{"username": "ana", "password": fixturePassword}).Want(t, http.StatusOK)
	srv.anon().Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": "wrong"}).Want(t, http.StatusUnauthorized, "invalid_credentials")

	// The browser: sign in, land on enrolment, stay there.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := browser.PostForm(srv.base+"/worker/login", url.Values{"username": {"wanda"}, "password": {fixturePassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/worker/security" {
		t.Fatalf("after sign-in: %d to %q, want the enrolment page", res.StatusCode, res.Header.Get("Location"))
	}
	for _, path := range []string{"/worker/", "/worker/messages"} {
		res, err := browser.Get(srv.base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/worker/security" {
			t.Fatalf("GET %s: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	res, err = browser.Get(srv.base + "/worker/security")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the enrolment page: %d", res.StatusCode)
	}
}
