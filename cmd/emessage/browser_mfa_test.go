package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

// TestBrowserWorkerMFA: a worker sets up an authenticator app in a real
// browser (the code computed from the key shown on the page, as the app
// would), saves the recovery codes, signs out, and signs in again with the
// second step: a wrong code first, then the app's code; then once more with
// a recovery code. Every new page is checked with axe-core and photographed.
func TestBrowserWorkerMFA(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	srv := startServer(t, dir)
	b := newBrowser(t, srv.base)

	b.open("/worker/login")
	b.signIn("otto", "/worker/")
	b.click("link", "Sign-in security")
	b.waitURL("/worker/security")
	b.waitFor("heading", "Two-step sign-in")
	b.check("mfa-security-off")

	// The password first, a wrong one to begin with.
	b.click("link", "Set up an authenticator app")
	b.waitURL("/worker/security/setup")
	b.check("mfa-password")
	b.fill("Password", "not my password")
	b.click("button", "Continue")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#password-error"); !strings.Contains(got, "not correct") {
		t.Fatalf("error beside Password: %q", got)
	}
	b.fill("Password", fixturePassword)
	b.click("button", "Continue")
	b.waitFor("heading", "Enter the code the app shows")
	shown := b.text("#totp-secret")
	if !regexp.MustCompile(`^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$`).MatchString(shown) {
		t.Fatalf("the key is shown as %q, want eight groups of four", shown)
	}
	link := eval[string](b, `document.querySelector("a[href^='otpauth:']").getAttribute("href")`)
	if !strings.HasPrefix(link, "otpauth://totp/e-Messages:otto?") || !strings.Contains(link, "secret="+strings.ReplaceAll(shown, " ", "")) {
		t.Fatalf("set-up link %q", link)
	}
	b.check("mfa-setup")
	key, err := emessage.ParseTOTPSecret(shown)
	if err != nil {
		t.Fatal(err)
	}
	b.fill("Authentication code", "12")
	b.click("button", "Confirm")
	b.waitFor("alert", "There is a problem")
	b.check("mfa-setup-error")
	b.fill("Authentication code", emessage.TOTPCode(key, time.Now()))
	b.click("button", "Confirm")
	b.waitFor("heading", "Your authenticator app is set up")
	codes := eval[[]string](b, `[...document.querySelectorAll(".recovery-codes code")].map(c => c.textContent)`)
	if len(codes) != 10 {
		t.Fatalf("recovery codes shown: %q", codes)
	}
	b.check("mfa-recovery-codes")
	b.click("link", "I have saved my recovery codes")
	b.waitURL("/worker/")

	// Signing in now takes two steps.
	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	b.fill("Username", "otto")
	b.fill("Password", fixturePassword)
	b.click("button", "Sign in")
	b.waitURL("/worker/login/code")
	b.waitFor("textbox", "Authentication code")
	if eval[bool](b, `document.cookie.includes("emessage_worker")`) {
		t.Fatal("a cookie of the sign-in can be read by scripts")
	}
	b.check("mfa-login-code")
	b.fill("Authentication code", wrongCode(key))
	b.click("button", "Continue")
	b.waitFor("alert", "There is a problem")
	b.check("mfa-login-code-error")
	// The next step's code: the step that confirmed the app is used up.
	b.fill("Authentication code", emessage.TOTPCode(key, time.Now().Add(emessage.TOTPStep)))
	b.click("button", "Continue")
	b.waitURL("/worker/")
	b.waitFor("heading", "Home")
	b.open("/worker/security")
	if got := b.text("main"); !strings.Contains(got, "On.") || !strings.Contains(got, "10 of 10") {
		t.Fatalf("the security page after enrolment: %q", got)
	}
	b.check("mfa-security-on")

	// A recovery code instead of the app's code.
	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	b.fill("Username", "otto")
	b.fill("Password", fixturePassword)
	b.click("button", "Sign in")
	b.waitURL("/worker/login/code")
	b.fill("Authentication code", codes[0])
	b.click("button", "Continue")
	b.waitURL("/worker/")
	b.open("/worker/security")
	if got := b.text("main"); !strings.Contains(got, "9 of 10") {
		t.Fatalf("a recovery code was not used up: %q", got)
	}
}

// wrongCode is six digits that the app holding key shows at no step near now.
func wrongCode(key []byte) string {
	now := time.Now()
	for _, c := range []string{"000000", "111111", "222222"} {
		right := false
		for d := -2; d <= 2; d++ {
			right = right || emessage.TOTPCode(key, now.Add(time.Duration(d)*emessage.TOTPStep)) == c
		}
		if !right {
			return c
		}
	}
	panic("unreachable")
}
