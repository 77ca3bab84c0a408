package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/web"
)

// TestTemplatesList: GET /api/v1/templates answers the worker's county's
// templates, in one language or all, to workers who may send, on each database.
func TestTemplatesList(t *testing.T) {
	world := func() *emessage.ImportData { return fixture.WithTemplates(fixture.World()) }
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		r.Service.Now = time.Now
		srv := httptest.NewServer(web.NewHandler(web.Config{Service: r.Service}))
		defer srv.Close()
		type list struct {
			Templates []struct{ Code, Language, Title, Body string }
		}
		jdoe := testrig.MustLogin(t, srv.URL, "jdoe", "pw")
		var all, es list
		jdoe.Do("GET", "/api/v1/templates", nil).Want(t, http.StatusOK).MustDecode(t, &all)
		if len(all.Templates) != 3 || all.Templates[0].Code != "DOCS" || all.Templates[2].Language != "es" {
			t.Fatalf("all templates: %+v; want DOCS en, INTERVIEW en, INTERVIEW es", all.Templates)
		}
		jdoe.Do("GET", "/api/v1/templates?language=es", nil).Want(t, http.StatusOK).MustDecode(t, &es)
		if len(es.Templates) != 1 || es.Templates[0] != (struct{ Code, Language, Title, Body string }{
			"INTERVIEW", "es", "Cita de entrevista", "Su entrevista es en la fecha de su carta de cita. Llámenos si no puede venir."}) {
			t.Fatalf("Spanish templates: %+v", es.Templates)
		}
		if e := jdoe.Do("GET", "/api/v1/templates?language=fr", nil).Want(t, http.StatusUnprocessableEntity, "invalid").Err(); e.Field != "language" {
			t.Errorf("an unknown language: %+v, want field language", e)
		}

		// Another county's worker sees none of Los Angeles'; a worker who
		// may only view, and a customer, are refused.
		var none list
		sd := testrig.MustLogin(t, srv.URL, "bsd", "pw")
		sd.Do("GET", "/api/v1/templates", nil).Want(t, http.StatusForbidden, "forbidden")
		r.MustImport(t, &emessage.ImportData{Workers: []emessage.ImportWorker{{Username: "bsd", Name: "Bo Diego", County: "37",
			Rights: []string{emessage.RightView, emessage.RightSend}, PasswordHash: fixture.PasswordHash}}})
		sd.Do("GET", "/api/v1/templates", nil).Want(t, http.StatusOK).MustDecode(t, &none)
		if len(none.Templates) != 0 {
			t.Errorf("San Diego's worker sees %+v", none.Templates)
		}
		testrig.MustLogin(t, srv.URL, "asmith", "pw").Do("GET", "/api/v1/templates", nil).Want(t, http.StatusForbidden, "forbidden")
		testrig.MustLogin(t, srv.URL, "maria", "pw").Do("GET", "/api/v1/templates", nil).Want(t, http.StatusForbidden, "forbidden")
		testrig.NewClient(t, srv.URL, "").Do("GET", "/api/v1/templates", nil).Want(t, http.StatusUnauthorized)
	})
}
