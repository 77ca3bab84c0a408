package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// TestBrowserLanguages signs in to the portal as lucia on a phone (375
// px) and walks every page in each of the nineteen languages of SPEC 18,
// changing her account's language between rounds, in the middle of one
// thread that she answers in each: every page has the language's lang
// and dir, axe finds nothing serious, nothing scrolls sideways, no
// sentence of the English catalog is left, and the character counter
// counts in the language's digits and words. The sign-in page is checked
// in each language first. The inbox of Arabic, Chinese and Vietnamese, and
// the Arabic upload and settings pages, are kept as screenshots
// (lang-LANG-PAGE-375.png in the test output).
func TestBrowserLanguages(t *testing.T) {
	requireChromium(t)
	srv := startPortalServer(t)
	w := &portalWalk{srv: srv, wanda: srv.login("wanda", fixturePassword), bea: srv.login("bea", fixturePassword)}
	w.setUpSpanish(t)
	lucia := srv.login("lucia", fixturePassword)
	b := newBrowser(t, srv.base)
	b.open("/portal/login")
	b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	b.waitJS(`window.innerWidth === 375`)
	english := englishSentences()

	for _, lang := range emessage.Languages {
		b.open("/portal/login?lang=" + lang)
		b.waitFor("heading", words.T(lang, "login_title"))
		b.langCheck(lang, "login", english)
	}

	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("username").value = "lucia";
		document.getElementById("password").value = ` + fmt.Sprintf("%q", fixturePassword)))
	b.clickCSS(`form[action="/portal/login"] button[type=submit]`)
	b.waitURL("/portal/")

	last := w.msg // the newest record of the thread lucia answers
	for i, lang := range emessage.Languages {
		lucia.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": lang}).Want(t, 200)
		for _, p := range []struct{ name, path string }{
			{"inbox", "/portal/"}, {"message", "/portal/messages/" + last}, {"upload", "/portal/messages/" + w.upID},
			{"form", "/portal/messages/" + w.viewID}, {"new", "/portal/messages/new"}, {"settings", "/portal/settings"},
			{"not-found", "/portal/messages/nothing"},
		} {
			b.open(p.path)
			b.langCheck(lang, p.name, english)
			if p.name == "inbox" && (lang == "ar" || lang == "zh-Hant" || lang == "vi") || lang == "ar" && (p.name == "upload" || p.name == "settings") {
				name := "lang-" + lang + "-" + p.name + "-375"
				b.screenshot(name)
				t.Logf("%s %s: %s", lang, p.name, filepath.Join(b.shared.outDir, name+".png"))
			}
		}

		// Answer the thread in this language: the counter counts in it.
		b.open("/portal/messages/" + last)
		answer := fmt.Sprintf("%d: %s", i, words.Name(lang))
		b.do(setBodyText(answer))
		n := len([]rune(answer))
		want := words.T(lang, "count_used", "Used", n, "Count", emessage.MaxBody)
		b.waitJS(fmt.Sprintf(`document.getElementById("body-count").textContent === %q`, want))
		b.click("button", words.T(lang, "reply_button"))
		b.waitURL("/portal/messages/" + last + "?done=replied")
		if got := b.text(".usa-alert--success"); got != words.T(lang, "done_replied") {
			t.Errorf("%s: after the answer %q", lang, got)
		}
		var thread struct {
			Thread []struct{ ID, Direction string }
		}
		lucia.Do("GET", "/api/v1/ssp/messages/"+last, nil).Want(t, 200).MustDecode(t, &thread)
		mine := thread.Thread[len(thread.Thread)-1].ID
		w.wanda.Do("POST", "/api/v1/messages/"+mine+"/reply", map[string]any{"body": "Gracias, " + lang}).Want(t, 200)
		lucia.Do("GET", "/api/v1/ssp/messages/"+mine, nil).Want(t, 200).MustDecode(t, &thread)
		last = thread.Thread[len(thread.Thread)-1].ID
	}
	b.open("/portal/messages/" + last)
	if n := eval[int](b, `document.querySelectorAll(".portal-msg").length`); n != 1+2*len(emessage.Languages) {
		t.Errorf("the thread shows %d records after the changes of language, want %d", n, 1+2*len(emessage.Languages))
	}
}

// langCheck checks the page now open in lang: <html lang> and the writing
// direction, nothing wider than the screen, axe, and no English catalog
// sentence in what the page says (people's own words, in dir="auto" and
// <bdi>, and what is marked as another language, aside).
func (b *browser) langCheck(lang, page string, english []string) {
	b.t.Helper()
	name := lang + " " + page
	if got := eval[string](b, `document.documentElement.lang`); got != lang {
		b.t.Errorf("%s: <html lang=%q>", name, got)
	}
	if got := eval[string](b, `getComputedStyle(document.body).direction`); got != words.Dir(lang) {
		b.t.Errorf("%s: direction %s, want %s", name, got, words.Dir(lang))
	}
	// A right-to-left page scrolls to the left: try both ways.
	sideways := `(() => {
		const s = document.scrollingElement, x = s.scrollLeft;
		s.scrollLeft = -1e6; const l = s.scrollLeft; s.scrollLeft = 1e6; const r = s.scrollLeft; s.scrollLeft = x;
		return l !== 0 || r !== 0;
	})()`
	if eval[bool](b, sideways) || !eval[bool](b, `document.documentElement.scrollWidth <= window.innerWidth`) {
		wide := eval[[]string](b, `[...document.querySelectorAll("body *")].filter(e => { const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 0.5 || r.left < -0.5; }).slice(0, 5).map(e => e.tagName + "." + e.className)`)
		b.t.Errorf("%s: the page scrolls sideways at 375 px: %v", name, wide)
	}
	b.axeCheck(name)
	if lang == "en" {
		return
	}
	text := eval[string](b, fmt.Sprintf(`(() => {
		const c = document.body.cloneNode(true);
		c.querySelectorAll('[dir=auto], bdi, script, [lang]:not([lang=%q])').forEach(e => e.remove());
		return [document.title, c.textContent, ...[...c.querySelectorAll("[aria-label]")].map(e => e.getAttribute("aria-label"))].join("\n");
	})()`, lang))
	for _, s := range english {
		if lang == "tl" && slices.Contains([]string{"Password", "Username", "Email address"}, s) {
			continue // Tagalog says these in English (docs/LANGUAGES.md)
		}
		if containsWords(text, s) {
			b.t.Errorf("%s: English left on the page: %q", name, s)
		}
	}
}

// containsWords reports whether text holds s as whole words, not inside
// longer ones ("Cancel" in "Cancelar" is Spanish).
func containsWords(text, s string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(s)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		i = start + 1
	}
}

var placeRE = regexp.MustCompile(`{{\s*\.\w+\s*}}`)

// englishSentences are the English catalog's sentences a page in another
// language must not show: whole sentences, and the longer runs of words
// between the places of those that have places. Dates, month names and
// the email's words are left out (the pages' dates are checked apart).
func englishSentences() []string {
	var out []string
	for _, key := range words.Keys() {
		if strings.HasPrefix(key, "month_") || strings.HasPrefix(key, "date_") || strings.HasPrefix(key, "email_") && key != "email_hint" && key != "email_label" {
			continue
		}
		for _, text := range words.Forms("en", key) {
			for _, run := range placeRE.Split(text, -1) {
				run = strings.TrimSpace(run)
				if len(run) >= 12 || run == text && len(run) >= 4 {
					out = append(out, run)
				}
			}
		}
	}
	return out
}
