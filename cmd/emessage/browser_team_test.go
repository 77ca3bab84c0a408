package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/county/emessage/internal/testrig"
)

// TestBrowserProgramsAndTeam: the pages of SPEC sections 11 and 12 in a
// real browser, each checked with axe-core at 1280 px and at 375 px wide
// (the portal's page with the phone's target sizes too): the Detail form's Program list (filled by the script when a Case
// Number is typed), Out of office, the team page, and the portal's
// "What is your message about?".
func TestBrowserProgramsAndTeam(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	db := dirDB(dir)
	mustImportFixture(t, dir, db)
	mustImportTeam(t, db)
	srv := startServer(t, dir)
	b := newBrowser(t, srv.base)
	system := srv.bearer(systemToken(t, db, "case-system", "01"))
	putDocument(t, system, "/api/v1/cases/A0000001/documents/NOA-0001", map[string]string{"title": "Notice of Action", "person_id": "P1"},
		testrig.PDF("Notice of Action")).Want(t, 201)

	t.Run("the Detail form's Program list", func(t *testing.T) {
		b.t = t
		b.open("/worker/login")
		b.signIn("wanda", "/worker/")
		b.open("/worker/messages/new")
		b.waitFor("textbox", "Case Number")
		b.fill("Case Number", "A0000001")
		b.waitFor("combobox", "Program")
		got := eval[[]string](b, `[...document.getElementById("program").options].map(o => (o.selected ? "*" : "") + o.textContent.trim())`)
		if strings.Join(got, "|") != "*CF – CalFresh (Wanda Worker)|MC – Medi-Cal (Otto Other)" {
			t.Fatalf("the Program list: %q", got)
		}
		// The case's own notice comes first in View Documents.
		docs := eval[[]string](b, `[...document.getElementById("document_code").options].map(o => o.textContent.trim())`)
		if strings.Join(docs, "|") != "- Select -|NOA-0001 – Notice of Action (this case's notice, for Ana Alvarez)|CW2200 – Request for Verification" {
			t.Fatalf("View Documents: %q", docs)
		}
		b.check("detail-new-program")
		b.narrowCheck("detail-new-program")
	})

	t.Run("out of office", func(t *testing.T) {
		b.t = t
		b.click("link", "Out of office")
		b.waitURL("/worker/away")
		b.check("away")
		today := countyNow(t).Format(time.DateOnly)
		b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById("from").value = %q; document.getElementById("to").value = %q`, today, today)))
		b.choose("Stand-in", "Otto Other (otto)")
		b.click("button", "Save")
		b.waitURL("/worker/away?done=saved")
		if txt := b.text("main"); !strings.Contains(txt, "otto stands in for you.") {
			t.Fatalf("after saving: %s", txt)
		}
		b.check("away-saved")
		b.narrowCheck("away-saved")
		b.click("button", "Sign out")
		b.waitURL("/worker/login")
	})

	t.Run("the team page", func(t *testing.T) {
		b.t = t
		b.signIn("victor", "/worker/")
		b.click("link", "My team")
		b.waitURL("/worker/team")
		if txt := b.text("main"); !strings.Contains(txt, "Away today; otto stands in") {
			t.Fatalf("the team page: %s", txt)
		}
		b.check("team")
		b.narrowCheck("team")
		b.click("button", "Sign out")
		b.waitURL("/worker/login")
	})

	t.Run("the portal asks what it is about", func(t *testing.T) {
		b.t = t
		b.open("/portal/login")
		b.fill("Username", "ana")
		b.fill("Password", fixturePassword)
		b.click("button", "Sign in")
		b.waitURL("/portal/")
		b.open("/portal/messages/new")
		b.waitFor("group", "What is your message about?")
		b.portalCheck("portal-new-program")
		b.tick("radio", "Medi-Cal (health coverage)")
		b.fill("Subject", "My Medi-Cal card")
		b.fill("Message", "It has not come.")
		b.click("button", "Send message")
		b.waitURL("/portal/messages/")
	})
}
