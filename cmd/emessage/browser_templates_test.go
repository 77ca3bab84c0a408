package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserTemplates walks Insert a template on the Detail form in a real
// browser (SPEC section 13): choosing a Spanish-speaking customer puts the
// Spanish templates first, Insert adds the template's text after what was
// typed without leaving the page, the counter follows, and a template that
// would take the body over its limit is not inserted. The page is checked
// with axe-core at 1280 and at 375 px.
func TestBrowserTemplates(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	// Alameda's templates, and ben (Spanish) as a person on Ana's case.
	extra, err := json.Marshal(map[string]any{
		"counties": []map[string]any{{"code": "01", "name": "Alameda", "two_way": true, "action_due_days": 14,
			"templates": []map[string]any{
				{"code": "INTERVIEW", "language": "en", "title": "Interview appointment", "body": "Your interview is on the date in your letter."},
				{"code": "INTERVIEW", "language": "es", "title": "Cita de entrevista", "body": "Su entrevista es en la fecha de su carta."},
				{"code": "LONG", "language": "en", "title": "A long letter", "body": strings.Repeat("x", 3990)},
			}}},
		"cases": []map[string]any{{"number": "A0000001", "county": "01", "status": "active",
			"persons": []map[string]any{{"id": "P5", "name": "Benito Baca", "ssp_account": "ben"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "templates.json")
	if err := os.WriteFile(file, extra, 0o644); err != nil {
		t.Fatal(err)
	}
	mustImport(t, dirDB(dir), file)
	srv := startServer(t, dir)
	b := newBrowser(t, srv.base)

	b.open("/worker/messages/new")
	b.waitURL("/worker/login")
	b.signIn("wanda", "/worker/messages/new")
	if hint := eval[string](b, `document.getElementById("due_date-hint").textContent`); !strings.Contains(hint, "14 days from today") {
		t.Errorf("the Due Date hint: %q, want Alameda's 14 days", hint)
	}
	b.fill("Case Number", "A0000001")
	b.waitFor("combobox", "Person Name")
	b.choose("Person Name", "Benito Baca")
	first := `document.getElementById("template").options[1].textContent`
	b.waitJS(first + ` === "Cita de entrevista (Spanish)"`)
	b.choose("Person Name", "Ana Alvarez")
	b.waitJS(first + ` !== "Cita de entrevista (Spanish)"`)
	b.choose("Person Name", "Benito Baca")
	b.waitJS(first + ` === "Cita de entrevista (Spanish)"`)

	b.fill("e-Message Body", "Hola Benito,")
	b.choose("Insert a template", "Cita de entrevista (Spanish)")
	b.click("button", "Insert")
	want := "Hola Benito,\n\nSu entrevista es en la fecha de su carta."
	b.waitJS(`document.getElementById("body").value === ` + jsString(want))
	if eval[bool](b, `!!window.__stale && location.pathname !== "/worker/messages/new"`) {
		t.Fatal("Insert left the page")
	}
	if got := b.text("#body-count"); !strings.Contains(got, "55 of 4000") {
		t.Errorf("the counter after Insert: %q", got)
	}
	b.choose("Insert a template", "A long letter (English)")
	b.click("button", "Insert")
	b.waitJS(`document.getElementById("template-note").textContent.includes("over the limit of 4000")`)
	if got := eval[string](b, `document.getElementById("body").value`); got != want {
		t.Errorf("a template that does not fit changed the body to %q", got)
	}
	b.check("worker-detail-template")
	b.narrowCheck("worker-detail-template")
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
