package oidc_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/oidc"
)

// The service's tests (service_oidc_test.go) refuse every bad sign-in
// through this package; these are its own settings.

const redirect = "https://emessage.example.gov/worker/oidc/callback"

func TestDiscoverRefuses(t *testing.T) {
	op := testrig.NewOIDCProvider(t)
	for _, c := range []struct {
		name string
		cfg  oidc.Config
		want string
	}{
		{"plain HTTP elsewhere", oidc.Config{Issuer: "http://login.example.gov", ClientID: "x"}, "is not an https:// address"},
		{"not an address", oidc.Config{Issuer: "login.example.gov", ClientID: "x"}, "is not an https:// address"},
		{"no client id", oidc.Config{Issuer: op.Issuer}, "a client id is needed"},
		{"another issuer", oidc.Config{Issuer: op.Issuer + "/", ClientID: "x"}, "names the issuer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := oidc.Discover(context.Background(), c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Discover: %v, want %q", err, c.want)
			}
		})
	}
}

// TestBegin: each sign-in asks with its own state and nonce, and with the
// hash of its own PKCE verifier, never the verifier.
func TestBegin(t *testing.T) {
	p := testrig.NewOIDCProvider(t).MustDiscover(t, redirect)
	seen := map[string]bool{}
	for range 2 {
		authURL, a, err := p.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(authURL)
		q := u.Query()
		if q.Get("state") != a.State || q.Get("nonce") != a.Nonce || q.Get("code_challenge_method") != "S256" ||
			q.Get("code_challenge") == "" || strings.Contains(authURL, a.Verifier) || q.Get("response_type") != "code" {
			t.Fatalf("%s for %+v", authURL, a)
		}
		for _, v := range []string{a.State, a.Nonce, a.Verifier} {
			if len(v) < 43 || seen[v] {
				t.Fatalf("%q is short or used before", v)
			}
			seen[v] = true
		}
	}
}

// TestUsernameClaim: the claim the county chooses names the worker.
func TestUsernameClaim(t *testing.T) {
	op := testrig.NewOIDCProvider(t)
	cfg := op.Config(redirect)
	cfg.UsernameClaim = "email"
	p, err := oidc.Discover(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	op.SignInAs(testrig.OIDCUser{Username: "jdoe", Email: "Jane.Doe@county.gov"})
	authURL, a, _ := p.Begin(context.Background())
	back, _ := url.Parse(op.Authorize(t, authURL))
	got, err := p.Finish(context.Background(), a, back.Query().Get("code"))
	if err != nil || got != "Jane.Doe@county.gov" {
		t.Fatalf("Finish = %q, %v", got, err)
	}
}
