package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/web"
)

// TestAccountLanguages: PATCH /api/v1/ssp/account takes each of the
// nineteen languages of SPEC 18, and anything else is 422 naming the
// field "language", the account unchanged.
func TestAccountLanguages(t *testing.T) {
	r := testrig.New(t, fixture.World())
	srv := httptest.NewServer(web.NewHandler(web.Config{Service: r.Service}))
	defer srv.Close()
	maria := testrig.MustLogin(t, srv.URL, "maria", "pw")
	for _, lang := range emessage.Languages {
		var got struct{ Language string }
		maria.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": lang}).Want(t, http.StatusOK).MustDecode(t, &got)
		if got.Language != lang {
			t.Errorf("PATCH %s: the account reads %q", lang, got.Language)
		}
	}
	for _, bad := range []string{"fr", "zh", "zh-hant", "ZH-Hant", "es-MX", ""} {
		if e := maria.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": bad}).Want(t, http.StatusUnprocessableEntity, "invalid").Err(); e.Field != "language" {
			t.Errorf("PATCH %q: %+v, want field language", bad, e)
		}
	}
	var got struct{ Language string }
	maria.Do("GET", "/api/v1/ssp/account", nil).Want(t, http.StatusOK).MustDecode(t, &got)
	if last := emessage.Languages[len(emessage.Languages)-1]; got.Language != last {
		t.Errorf("after the refusals the account reads %q, want %q", got.Language, last)
	}
}
