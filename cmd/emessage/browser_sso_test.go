package main

import (
	"net"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/county/emessage/internal/testrig"
)

// TestBrowserWorkerSSO: a worker clicks Sign in with your county account in
// a real browser, goes through the identity provider's redirect and lands
// on the home page signed in; someone the county has not set up gets the
// refusal page; with --worker-password-login=false the sign-in page has
// the button alone. Each page is checked with axe-core and photographed.
func TestBrowserWorkerSSO(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	op := testrig.NewOIDCProvider(t)
	// The provider sends the browser back to the public address: here, the
	// server's own, chosen before it starts.
	addr := freeAddr(t)
	op.Register("http://" + addr + "/worker/oidc/callback")
	srv := startServerArgs(t, dir, ssoArgs(op, "--addr", addr, "--base-url", "http://"+addr)...)
	b := newBrowser(t, srv.base)

	b.open("/worker/login")
	b.waitFor("link", "Sign in with your county account")
	b.waitFor("textbox", "Username")
	b.check("sso-login")
	op.SignInAs(testrig.OIDCUser{Username: "wanda"})
	b.click("link", "Sign in with your county account")
	b.waitURL("/worker/")
	b.waitFor("heading", "Home")
	if got := b.text(".site-header__who"); got != "Wanda Worker · Alameda County" {
		t.Fatalf("signed in as %q", got)
	}
	if eval[bool](b, `document.cookie.includes("emessage_worker")`) {
		t.Fatal("a cookie of the sign-in can be read by scripts")
	}

	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	op.SignInAs(testrig.OIDCUser{Username: "nobody"})
	b.click("link", "Sign in with your county account")
	b.waitFor("heading", "Your county account is not set up for e-Messages")
	b.check("sso-refused")
	b.click("link", "Sign in")
	b.waitURL("/worker/login")

	// Password sign-in turned off: the button alone.
	dir2 := t.TempDir()
	mustImportFixture(t, dir2, dirDB(dir2))
	off := startServerArgs(t, dir2, ssoArgs(op, "--worker-password-login=false")...)
	b.do(chromedp.Navigate(off.base + "/worker/login"))
	b.waitFor("link", "Sign in with your county account")
	if n := eval[int](b, `document.querySelectorAll("input[type=password], form[action='/worker/login']").length`); n != 0 {
		t.Fatalf("the password form is still there (%d elements)", n)
	}
	b.check("sso-login-only")
}

// freeAddr is a free address on 127.0.0.1, for a server whose public
// address must be known before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
