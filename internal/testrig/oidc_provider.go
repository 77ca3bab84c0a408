package testrig

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/county/emessage/oidc"
)

// OIDCProvider is an OpenID provider in process, on 127.0.0.1, for the
// tests of worker single sign-on: github.com/oauth2-proxy/mockoidc, which
// serves discovery, its signing keys, authorization (PKCE S256 checked,
// no login page: it signs in whoever the test chose), and a token
// endpoint that takes each code once and signs ID tokens with RS256.
//
// The rig adds what a county's provider does and mockoidc leaves out: one
// registered redirect URI, PKCE and a nonce required; and what a test
// needs: who signs in next, and what is wrong with their ID token.
type OIDCProvider struct {
	Issuer, ClientID, ClientSecret string

	m        *mockoidc.MockOIDC
	serve    sync.Mutex // mockoidc's sessions are plain maps: one request at a time
	mu       sync.Mutex
	redirect string
	stop     sync.Once
}

// Stop stops the provider: what is asked of it then finds nobody there.
func (p *OIDCProvider) Stop() { p.stop.Do(func() { p.m.Shutdown() }) }

// OIDCUser is who signs in at the provider's next authorization, and what
// is wrong with the ID token they get (nothing, by default).
type OIDCUser struct {
	// Username is the preferred_username claim; Email the email claim.
	Username, Email string
	// Audience replaces the client's id in the token's aud: a token for another client.
	Audience string
	// Expired makes the token one that expired an hour ago.
	Expired bool
	// Nonce replaces the nonce the client asked for.
	Nonce string
}

// NewOIDCProvider starts a provider with a client of its own (random id
// and secret); it stops when the test ends.
func NewOIDCProvider(tb testing.TB) *OIDCProvider {
	tb.Helper()
	m, err := mockoidc.NewServer(oidcKey())
	if err != nil {
		tb.Fatal(err)
	}
	p := &OIDCProvider{m: m}
	m.CodeChallengeMethodsSupported = []string{"S256"}
	if err := m.AddMiddleware(p.checkAuthorize); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(p.Stop)
	p.Issuer, p.ClientID, p.ClientSecret = m.Issuer(), m.ClientID, m.ClientSecret
	return p
}

// oidcKey is the providers' signing key: one for the test binary, since
// making an RSA key takes a second or more under the race detector.
var oidcKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

// Register sets the client's one redirect URI (BASE_URL/worker/oidc/callback).
func (p *OIDCProvider) Register(redirectURL string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redirect = redirectURL
}

// SignInAs sets who signs in at the next authorization (after the queued
// ones); without one, mockoidc signs in jane.doe.
func (p *OIDCProvider) SignInAs(u OIDCUser) { p.m.QueueUser(&oidcUser{u}) }

// Config is the oidc.Config of the provider's client, sending the browser
// back to redirectURL, which it registers.
func (p *OIDCProvider) Config(redirectURL string) oidc.Config {
	p.Register(redirectURL)
	return oidc.Config{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: redirectURL}
}

// MustDiscover returns the client of the provider (oidc.Discover),
// sending the browser back to redirectURL.
func (p *OIDCProvider) MustDiscover(tb testing.TB, redirectURL string) *oidc.Provider {
	tb.Helper()
	op, err := oidc.Discover(context.Background(), p.Config(redirectURL))
	if err != nil {
		tb.Fatalf("discover %s: %v", p.Issuer, err)
	}
	return op
}

// Authorize does what the browser does at the provider: it opens authURL
// (the provider's, from the start of a sign-in) and returns where the
// provider sends it back, the callback with its code and state.
func (p *OIDCProvider) Authorize(tb testing.TB, authURL string) string {
	tb.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(authURL)
	if err != nil {
		tb.Fatalf("authorize: %v", err)
	}
	res.Body.Close()
	back := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || back == "" {
		tb.Fatalf("authorize %s: %s, not a redirect back", authURL, res.Status)
	}
	return back
}

// checkAuthorize serves one request at a time, and refuses an
// authorization request without PKCE (S256), without a nonce, or for
// another redirect URI than the registered one, as a county's provider does.
func (p *OIDCProvider) checkAuthorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.serve.Lock()
		defer p.serve.Unlock()
		if r.URL.Path == mockoidc.AuthorizationEndpoint {
			q := r.URL.Query()
			p.mu.Lock()
			registered := p.redirect
			p.mu.Unlock()
			switch {
			case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
				http.Error(w, "PKCE with S256 is required", http.StatusBadRequest)
				return
			case q.Get("nonce") == "":
				http.Error(w, "a nonce is required", http.StatusBadRequest)
				return
			case registered != "" && q.Get("redirect_uri") != registered:
				http.Error(w, "the redirect_uri is not registered: "+url.QueryEscape(q.Get("redirect_uri")), http.StatusBadRequest)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// oidcUser is an OIDCUser as mockoidc signs them in.
type oidcUser struct{ OIDCUser }

func (u *oidcUser) ID() string { return "sub-" + u.Username }

func (u *oidcUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.ID(), "preferred_username": u.Username, "email": u.Email})
}

// Claims are the ID token's: mockoidc's registered claims and nonce, with
// what the test made wrong.
func (u *oidcUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.Audience != "" {
		base.Audience = jwt.ClaimStrings{u.Audience}
	}
	if u.Expired {
		now := time.Now()
		base.IssuedAt = jwt.NewNumericDate(now.Add(-2 * time.Hour))
		base.NotBefore = base.IssuedAt
		base.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour))
	}
	if u.Nonce != "" {
		base.Nonce = u.Nonce
	}
	return &struct {
		*mockoidc.IDTokenClaims
		PreferredUsername string `json:"preferred_username,omitempty"`
		Email             string `json:"email,omitempty"`
	}{base, u.Username, u.Email}, nil
}
