package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/county/emessage/internal/testrig"
)

// TestBrowserBackThenSave: in a real browser, a worker saves an e-Message,
// presses Back and Save again; a customer sends an answer, presses Back
// and Send again. Each time one record is made (and for the worker's, one
// email queued), and the second press shows the first with a notice (SPEC
// section 19).
func TestBrowserBackThenSave(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	db := dirDB(dir)
	mustImportFixture(t, dir, db)
	srv := startServer(t, dir)
	// Without the back-forward cache, Back loads the page again (as it does
	// for many people's browsers, and as the test harness can follow); the
	// one-time token travels in the address, so either way it is the same.
	b := newBrowser(t, srv.base, chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"))
	wanda := srv.login("wanda", fixturePassword)
	records := func(subject string) int {
		t.Helper()
		list := wanda.Do("GET", "/api/v1/messages?scope=county&limit=200&q="+strings.ReplaceAll(subject, " ", "+"), nil).Want(t, 200)
		return len(list.JSON["messages"].([]any))
	}
	queued := func() int { return testrig.RowCounts(t, db)["notifications"] }

	t.Run("the worker's Detail page", func(t *testing.T) {
		b.t = t
		b.open("/worker/login")
		b.signIn("wanda", "/worker/")
		before := queued()
		b.open("/worker/messages/new?case_number=A0000001")
		b.waitFor("combobox", "Person Name")
		b.choose("Person Name", "Ana Alvarez")
		b.choose("e-Message Type", "Message")
		b.fill("e-Message Subject", "Back then Save")
		b.do(chromedp.SendKeys(chromedp.ID("body"), "Sent once, whatever the Back button does."))
		b.click("button", "Save")
		b.waitJS(`/^\/worker\/messages\/[0-9A-Z]+$/.test(location.pathname) && document.readyState === "complete"`)
		b.back("/worker/messages/new")
		b.waitFor("button", "Save")
		if v := eval[string](b, `document.getElementById("subject").value`); v != "Back then Save" {
			t.Logf("Back restored the subject as %q; typing it again as a person would", v)
			b.fill("e-Message Subject", "Back then Save")
		}
		if eval[string](b, `document.getElementById("body").value`) == "" {
			b.do(chromedp.SendKeys(chromedp.ID("body"), "Sent once, whatever the Back button does."))
			b.choose("Person Name", "Ana Alvarez")
			b.choose("e-Message Type", "Message")
		}
		b.click("button", "Save")
		b.waitJS(`location.search.includes("done=again") && document.readyState === "complete"`)
		if txt := b.text("main"); !strings.Contains(txt, "it was not sent again") {
			t.Errorf("the second Save did not say so: %s", txt)
		}
		b.check("detail-saved-again")
		if n := records("Back then Save"); n != 1 {
			t.Fatalf("%d records after Back then Save, want 1", n)
		}
		if n := queued() - before; n != 1 {
			t.Fatalf("%d emails queued after Back then Save, want 1", n)
		}
		b.click("button", "Sign out")
		b.waitURL("/worker/login")
	})

	t.Run("the portal's answer", func(t *testing.T) {
		b.t = t
		sent := srv.login("wanda", fixturePassword).Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001",
			"person_id": "P1", "type": "message", "subject": "Question for Ana", "body": "Can you answer?"}).Want(t, 201)
		before := queued()
		b.open("/portal/login")
		b.fill("Username", "ana")
		b.fill("Password", fixturePassword)
		b.click("button", "Sign in")
		b.waitURL("/portal/")
		b.open("/portal/messages/" + sent.Str("id"))
		b.waitFor("button", "Send answer")
		b.do(chromedp.SendKeys(chromedp.ID("body"), "My answer, once"))
		b.click("button", "Send answer")
		b.waitURL("/portal/messages/" + sent.Str("id") + "?done=replied")
		b.back("/portal/messages/" + sent.Str("id"))
		b.waitFor("button", "Send answer")
		if eval[string](b, `document.getElementById("body").value`) == "" {
			b.do(chromedp.SendKeys(chromedp.ID("body"), "My answer, once"))
		}
		b.click("button", "Send answer")
		b.waitURL("/portal/messages/" + sent.Str("id") + "?done=again")
		b.portalCheck("portal-answered-again")
		thread := wanda.Do("GET", "/api/v1/messages/"+sent.Str("id"), nil).Want(t, 200).JSON["thread"].([]any)
		if len(thread) != 2 {
			t.Fatalf("thread of %d records after Back then Send, want 2", len(thread))
		}
		if n := queued() - before; n != 0 {
			t.Fatalf("%d emails queued for the customer's answer, want none", n)
		}
	})
}

// back presses the browser's Back button and waits for the page at path
// (the address without its query) to be shown again: a new document, not
// the one Back was pressed on, which may have the same path.
func (b *browser) back(path string) {
	b.t.Helper()
	// Back goes once the evaluation has answered: the page leaving while
	// its evaluation is still being answered fails it ("Inspected target
	// navigated or closed").
	b.do(chromedp.Evaluate[chromedp.Void](`window.__left = true; setTimeout(() => history.back(), 0)`))
	b.waitJS(fmt.Sprintf(`!window.__left && location.pathname === %q && document.readyState === "complete"`, path))
}
