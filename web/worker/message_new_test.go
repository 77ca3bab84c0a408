package worker_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/web"
)

// The Detail form for a new record with the county's settings and
// templates (SPEC 13).

// mustCountySite is the worker site over fixture.World where Los Angeles
// gives an action 21 days by default and has fixture.WithTemplates'
// templates.
func mustCountySite(tb testing.TB) http.Handler {
	tb.Helper()
	h, _ := mustCountySiteRig(tb)
	return h
}

// mustCountySiteRig is mustCountySite with its rig, for tests that act as
// the customer too.
func mustCountySiteRig(tb testing.TB) (http.Handler, *testrig.Rig) {
	tb.Helper()
	world := fixture.WithTemplates(fixture.World())
	days := 21
	world.Counties[0].ActionDueDays = &days
	rig := testrig.New(tb, world)
	rig.Service.Now = time.Now
	return web.NewHandler(web.Config{Service: rig.Service}), rig
}

func TestDetailDueDateHintNamesCountyDays(t *testing.T) {
	h := mustCountySite(t)
	rec := testrig.Browse(h, "GET", "/worker/messages/new", nil, mustSignIn(t, h, "jdoe"))
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, "Leave it empty for 21 days from today.") {
		t.Fatalf("the Due Date hint does not say the county's 21 days: %s", body)
	}
}

// TestDetailInsertTemplate: without the script, Insert posts the draft and
// shows it again with the template's text in the body and all else kept;
// the customer's language comes first; a body that would go over its limit
// is left as typed, with the reason beside the list.
func TestDetailInsertTemplate(t *testing.T) {
	h := mustCountySite(t)
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages/new?case_number=B1&person_id=P1", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	page := rec.Body.String()
	es := strings.Index(page, ">Cita de entrevista (Spanish)</option>")
	en := strings.Index(page, ">Documents we need (English)</option>")
	if es < 0 || en < 0 || es > en {
		t.Fatalf("maria reads Spanish: her templates come first (at %d, English at %d): %s", es, en, page)
	}
	if !strings.Contains(page, `<option value="P1" selected data-language="es">Maria Lopez</option>`) {
		t.Errorf("the person's option does not carry her language for the script: %s", page)
	}
	if testrig.InlineCode.MatchString(page) {
		t.Errorf("inline code on the Detail form: %s", testrig.InlineCode.FindString(page))
	}

	draft := url.Values{"do": {"template"}, "template": {"es:INTERVIEW"}, "case_number": {"B1"}, "person_id": {"P1"},
		"program": {"CF"}, "type": {"message"}, "subject": {"Su entrevista"}, "body": {"Hola María,"}}
	rec = testrig.Browse(h, "POST", "/worker/messages/new", draft, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	page = rec.Body.String()
	for _, want := range []string{
		">Hola María,\n\nSu entrevista es en la fecha de su carta de cita. Llámenos si no puede venir.</textarea>",
		`value="Su entrevista"`, `value="B1"`, `<option value="P1" selected`, `<option value="message" selected>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("after Insert the form lacks %q", want)
		}
	}

	// 3990 characters and the template would be over 4000: nothing changes.
	long := strings.Repeat("x", 3990)
	draft.Set("body", long)
	rec = testrig.Browse(h, "POST", "/worker/messages/new", draft, c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	page = rec.Body.String()
	if !strings.Contains(page, `href="#template"`) || !strings.Contains(page, "over the limit of 4000") ||
		!strings.Contains(page, ">"+long+"</textarea>") {
		t.Fatalf("a template that does not fit: %s", page)
	}
	draft.Set("template", "")
	rec = testrig.Browse(h, "POST", "/worker/messages/new", draft, c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if !strings.Contains(rec.Body.String(), "Choose a template from the list.") {
		t.Fatalf("Insert without a template: %s", rec.Body)
	}
}
