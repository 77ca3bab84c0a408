package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestBrowserSeenByAndTurn: SPEC 22's "seen by" and "whose turn" on the
// worker pages in a real browser, checked with axe-core at 1280 px and at
// 375 px: a customer's question lists the workers who opened it, first
// opening each, and waits on the county with its response deadline; the
// answer turns it to the customer.
func TestBrowserSeenByAndTurn(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	db := dirDB(dir)
	mustImportFixture(t, dir, db)
	mustImportTeam(t, db)
	srv := startServer(t, dir)
	ana := srv.login("ana", fixturePassword)
	q := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "My card", "body": "I lost my card."}).Want(t, 201)
	id := q.Str("id")
	// otto opens it first, through the API: the pages read the same audit trail.
	srv.login("otto", fixturePassword).Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)

	b := newBrowser(t, srv.base)
	seenAt := regexp.MustCompile(`Otto Other, [^;]+; Wanda Worker, `)
	t.Run("the Detail page", func(t *testing.T) {
		b.t = t
		b.open("/worker/login")
		b.signIn("wanda", "/worker/")
		b.open("/worker/messages/" + id)
		b.waitFor("heading", "e-Messages Detail")
		row := func(term string) string {
			return strings.TrimSpace(eval[string](b, `[...document.querySelectorAll("dt")].find(d => d.textContent.trim() === `+strconvQuote(term)+`)?.nextElementSibling.textContent ?? ""`))
		}
		if got := row("Whose turn"); !strings.HasPrefix(got, "Waiting on the county (due ") {
			t.Fatalf("Whose turn: %q", got)
		}
		// wanda's opening is the one that drew this page: she is listed second, after otto.
		if got := row("Seen by"); !seenAt.MatchString(got) {
			t.Fatalf("Seen by: %q", got)
		}
		b.check("detail-seen-by")
		b.narrowCheck("detail-seen-by")
	})

	t.Run("the Search results", func(t *testing.T) {
		b.t = t
		b.open("/worker/messages?case_number=A0000001&scope=county")
		b.waitFor("heading", "Search Results Summary")
		cell := eval[string](b, `[...document.querySelectorAll("tbody tr")].find(r => r.textContent.includes("My card"))?.textContent ?? ""`)
		if !strings.Contains(cell, "Waiting on the county (due ") || !strings.Contains(cell, "Seen by Otto Other") || !seenAt.MatchString(cell) {
			t.Fatalf("the question's row: %q", cell)
		}
		b.check("search-seen-by")
		b.narrowCheck("search-seen-by")
	})

	t.Run("after the answer", func(t *testing.T) {
		b.t = t
		srv.login("wanda", fixturePassword).Do("POST", "/api/v1/messages/"+id+"/reply", map[string]any{"body": "We will mail a new one."}).Want(t, 200)
		b.open("/worker/messages?case_number=A0000001&scope=county")
		b.waitFor("heading", "Search Results Summary")
		cell := eval[string](b, `[...document.querySelectorAll("tbody tr")].find(r => r.textContent.includes("My card") && !r.textContent.includes("Re:"))?.textContent ?? ""`)
		if !strings.Contains(cell, "Waiting on the customer") {
			t.Fatalf("the answered question's row: %q", cell)
		}
		b.check("search-answered")
	})
}
