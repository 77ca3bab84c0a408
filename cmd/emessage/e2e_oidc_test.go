package main

import (
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// Worker single sign-on against the real binary (SPEC section 17): serve
// with the --oidc-* flags and --worker-password-login=false, a worker
// signing in through the redirects as a browser follows them, and the
// refusals of a start that would leave workers no way in.

// ssoArgs are the serve flags of the provider's client.
func ssoArgs(op *testrig.OIDCProvider, extra ...string) []string {
	return append([]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", op.ClientID, "--oidc-client-secret", op.ClientSecret}, extra...)
}

// ssoBrowser follows redirects the way a browser does, keeping cookies,
// except that the provider's redirect back to the service's public
// address (https://portal.example.gov) comes to the server under test.
type ssoBrowser struct {
	t      *testing.T
	srv    *server
	client *http.Client
}

func newSSOBrowser(t *testing.T, srv *server) *ssoBrowser {
	jar, _ := cookiejar.New(nil)
	b := &ssoBrowser{t: t, srv: srv}
	b.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Host == "portal.example.gov" {
			local, _ := url.Parse(srv.base)
			req.URL.Scheme, req.URL.Host, req.Host = local.Scheme, local.Host, ""
		}
		return nil
	}}
	return b
}

// get opens a path of the server and follows the redirects; it returns
// where it ended, the status and the page.
func (b *ssoBrowser) get(path string) (string, int, string) {
	b.t.Helper()
	res, err := b.client.Get(b.srv.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.Request.URL.Path, res.StatusCode, string(body)
}

// TestServeSSO: with an issuer and --worker-password-login=false, the
// sign-in page offers the county account only; a worker goes through the
// provider and lands on the home page signed in; someone the county has
// not set up is refused with a page; the API refuses a worker's password
// and takes a customer's.
func TestServeSSO(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	op := testrig.NewOIDCProvider(t)
	op.Register("https://portal.example.gov/worker/oidc/callback")
	srv := startServerArgs(t, dir, ssoArgs(op, "--worker-password-login=false")...)

	b := newSSOBrowser(t, srv)
	_, status, page := b.get("/worker/login")
	if status != http.StatusOK || !strings.Contains(page, "Sign in with your county account") || strings.Contains(page, `type="password"`) {
		t.Fatalf("the sign-in page: %d\n%s", status, page)
	}
	op.SignInAs(testrig.OIDCUser{Username: "Wanda"})
	at, status, page := b.get("/worker/oidc/start")
	if at != "/worker/" || status != http.StatusOK || !strings.Contains(page, "Wanda Worker") {
		t.Fatalf("after the county account: %s %d\n%s", at, status, page)
	}

	nobody := newSSOBrowser(t, srv)
	op.SignInAs(testrig.OIDCUser{Username: "nobody"})
	at, status, page = nobody.get("/worker/oidc/start")
	if at != "/worker/oidc/callback" || status != http.StatusForbidden || !strings.Contains(page, "Your county account is not set up for e-Messages") {
		t.Fatalf("an account the county has not set up: %s %d\n%s", at, status, page)
	}
	if at, _, _ := nobody.get("/worker/"); at != "/worker/login" {
		t.Fatalf("after a refusal, the home page is at %s, want the sign-in page", at)
	}

	api := srv.anon()
	api.Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": fixturePassword}).Want(t, http.StatusForbidden, "password_login_disabled")
	api.Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": "wrong"}).Want(t, http.StatusUnauthorized, "invalid_credentials")
	api.Do("POST", "/api/v1/login", map[string]string{"username": "ana", "password": fixturePassword}).Want(t, http.StatusOK)
}

// TestServeSSOFlags: flags that leave workers no way in, or name half a
// registration, are one line and exit 2; an issuer that cannot be reached
// or names another issuer is one line and exit 1, before serving.
func TestServeSSOFlags(t *testing.T) {
	op := testrig.NewOIDCProvider(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no password and no issuer", []string{"--worker-password-login=false"}, exitUsage,
			"--worker-password-login=false needs --oidc-issuer"},
		{"an issuer without a client id", []string{"--oidc-issuer", op.Issuer}, exitUsage,
			"--oidc-issuer needs --oidc-client-id"},
		{"a client id without an issuer", []string{"--oidc-client-id", "x"}, exitUsage,
			"--oidc-client-id and --oidc-client-secret need --oidc-issuer"},
		{"an issuer that does not answer", []string{"--oidc-issuer", closed, "--oidc-client-id", "x"}, exitError,
			"serve: --oidc-issuer: discovery at " + closed + "/.well-known/openid-configuration failed"},
		{"another issuer's document", []string{"--oidc-issuer", op.Issuer + "/", "--oidc-client-id", "x"}, exitError,
			`the discovery document names the issuer "` + op.Issuer + `": set the issuer to exactly that`},
		{"an issuer over plain HTTP", []string{"--oidc-issuer", "http://login.example.gov", "--oidc-client-id", "x"}, exitError,
			`the issuer "http://login.example.gov" is not an https:// address`},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, c.args...)
			code, _, stderr := runCmd(t, args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
			wantOneLine(t, stderr, c.want)
		})
	}
}
