package main

import (
	"testing"

	"github.com/county/emessage/internal/testenv"
)

// TestBrowserWorker walks the worker site in a real browser the way the job
// aid tells a worker to: sign in, Case Info > e-Tools > E-Messages, and the
// four procedures (send an e-Message, respond to one, request an action,
// close an action), with the home counts, the yellow banner, the Person Name
// list, the character counter, the errors, and escaping. Every page is
// checked with axe-core and photographed.
func TestBrowserWorker(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	srv := startServer(t, dir)
	ana := srv.login("ana", fixturePassword)
	wandaAPI := srv.login("wanda", fixturePassword)
	w := &workerWalk{b: newBrowser(t, srv.base), srv: srv, ana: ana, wanda: wandaAPI}

	t.Run("sign in comes back to the page asked for", w.signInComesBack)
	t.Run("home counts link to the search", w.homeCounts)
	t.Run("send an e-Message", w.sendMessage)
	t.Run("View leaves a received message received", w.viewChangesNothing)
	t.Run("respond to an e-Message", w.respond)
	t.Run("download the case file", w.caseFile)
	t.Run("request an action", w.requestAction)
	t.Run("close an action", w.closeAction)
	t.Run("send later, then cancel sending", w.sendLater)
	t.Run("pages of results", w.pagesOfResults)
	t.Run("without JavaScript", w.withoutJavaScript)
	t.Run("one-way county and missing rights", w.oneWayAndRights)
}

// requireChromium fails the test without Chromium, and skips it when the
// browser tests were left out by name (EMESSAGE_TEST_SKIP=chromium, make test-quick).
func requireChromium(t *testing.T) {
	t.Helper()
	testenv.Need(t, "chromium", chromiumPath() != "", "Chromium is not installed (apt-get install -y chromium, "+
		"or set EMESSAGE_CHROMIUM to a Chrome binary)")
}

// signIn signs in on the sign-in page the browser is at, and waits for the page after it.
func (b *browser) signIn(username, then string) {
	b.t.Helper()
	b.fill("Username", username)
	b.fill("Password", fixturePassword)
	b.click("button", "Sign in")
	b.waitURL(then)
}
