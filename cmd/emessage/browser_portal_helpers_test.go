package main

// What the portal's browser tests add to the harness: the fixture's
// Spanish-speaking customer in a two-way county, the check of a page on a
// phone (375 px: no sideways scrolling, targets at least 44 px high, a
// screenshot), and the check that a Spanish page shows no English.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// portalFixture adds to the e2e fixture lucia, who reads Spanish, with an
// active and a pending case in the two-way county and a case in the one-way
// county.
func portalFixture() map[string]any {
	person := func() []map[string]any {
		return []map[string]any{{"id": "P1", "name": "Lucía Luna", "ssp_account": "lucia"}}
	}
	return map[string]any{
		"ssp_accounts": []map[string]any{
			{"username": "lucia", "password": fixturePassword, "email": "lucia@example.org", "e_notification": true, "language": "es"},
		},
		"cases": []map[string]any{
			{"number": "A0000004", "county": "01", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "wanda"}}, "persons": person()},
			{"number": "A0000005", "county": "01", "status": "pending",
				"programs": []map[string]any{{"code": "MC", "worker": "wanda"}}, "persons": person()},
			{"number": "B0000002", "county": "02", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "bea"}}, "persons": person()},
		},
	}
}

// startPortalServer imports the e2e fixture and the portal's, and starts the server.
func startPortalServer(t *testing.T) *server {
	t.Helper()
	dir := t.TempDir()
	db := dirDB(dir)
	extra, err := json.Marshal(portalFixture())
	if err != nil {
		t.Fatal(err)
	}
	portalFile := filepath.Join(dir, "portal.json")
	if err := os.WriteFile(portalFile, extra, 0o644); err != nil {
		t.Fatal(err)
	}
	mustImportFixture(t, dir, db)
	mustImport(t, db, portalFile)
	return startServerDB(t, dir, db)
}

// portalCheck is check (axe-core, script errors, 1280 px screenshot,
// figures) and the phone check.
func (b *browser) portalCheck(name string) {
	b.t.Helper()
	b.check(name)
	b.phoneCheck(name)
}

// phoneCheck looks at the page 375 px wide, as on a phone: axe-core again,
// nothing wider than the screen, every control at least 44 px high (links inside
// sentences excepted, as WCAG 2.5.8 does), and a screenshot NAME-375.png.
// The portal is made for phones and passes all of it.
func (b *browser) phoneCheck(name string) {
	b.t.Helper()
	b.atPhoneWidth(name, true)
}

// narrowCheck is phoneCheck without the size of the controls: the worker
// site is made for an office's screens, and at 375 px it must still show
// everything without scrolling sideways.
func (b *browser) narrowCheck(name string) {
	b.t.Helper()
	b.atPhoneWidth(name, false)
}

func (b *browser) atPhoneWidth(name string, targets bool) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	defer func() {
		b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}))
		b.waitJS(`window.innerWidth === 1280`)
	}()
	b.waitJS(`window.innerWidth === 375`)
	if !eval[bool](b, `document.documentElement.scrollWidth <= window.innerWidth`) {
		wide := eval[[]string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5).map(e => e.tagName + "." + e.className)`)
		b.t.Errorf("%s: the page scrolls sideways at 375 px (scrollWidth %d): %v", name, eval[int](b, `document.documentElement.scrollWidth`), wide)
	}
	b.axeCheck(name + " at 375 px")
	if !targets {
		b.screenshot(name + "-375")
		return
	}
	small := eval[[]string](b, `(() => {
		const out = [];
		const targets = document.querySelectorAll("header a, header button, main a, main button, main input, main select, main textarea, main label.usa-radio__label, main label.usa-checkbox__label");
		for (const el of targets) {
			if (el.type === "hidden" || el.matches(".usa-radio__input, .usa-checkbox__input")) continue; // drawn by their labels
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			if (el.tagName === "A" && getComputedStyle(el).display === "inline") continue;
			if (r.height < 43.5) out.push(el.tagName + " " + (el.textContent || el.name || el.id).trim().slice(0, 40) + " " + Math.round(r.height) + "px");
		}
		return out;
	})()`)
	if len(small) > 0 {
		b.t.Errorf("%s: targets under 44 px at 375 px: %s", name, strings.Join(small, "; "))
	}
	b.screenshot(name + "-375")
}

// englishWords are words of the portal's English that a Spanish page must
// not show.
var englishWords = regexp.MustCompile(`(?i)\b(message|messages|sign|signed|upload|inbox|settings|send|sent|page|your|choose|document|answer|case|county|done|new|read|please|there|problem|password|username|skip|back)\b|\bthe\s`)

// noEnglish fails when the page is not marked Spanish or its text (all of
// it, also what only screen readers get) holds English.
func (b *browser) noEnglish(name string, allowed ...string) {
	b.t.Helper()
	if lang := eval[string](b, `document.documentElement.lang`); lang != "es" {
		b.t.Errorf("%s: <html lang=%q>, want es", name, lang)
	}
	text := eval[string](b, `document.title + "\n" + document.body.innerText + "\n" +
		[...document.querySelectorAll("[aria-label], input[type=submit], [placeholder]")].map(e => (e.getAttribute("aria-label") || "") + " " + (e.value || "") + " " + (e.placeholder || "")).join("\n")`)
	for _, a := range allowed {
		text = strings.ReplaceAll(text, a, "")
	}
	if found := englishWords.FindAllString(text, -1); len(found) > 0 {
		b.t.Errorf("%s: English on a Spanish page: %q in %q", name, found, text)
	}
}

// setFiles chooses files in the file field with the id, as a person does in
// the file chooser.
func (b *browser) setFiles(id string, paths ...string) {
	b.t.Helper()
	b.do(chromedp.SetUploadFiles(chromedp.ID(id), paths))
}

// writeFile writes a file for the file chooser and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "files")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// setBodyText puts text into the field with the id body at once, as a
// paste does (typing 4000 characters key by key is slow).
func setBodyText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const a = document.getElementById("body");
		a.value = %q;
		a.dispatchEvent(new Event("input"));
	})()`, text))
}
