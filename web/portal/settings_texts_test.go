package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/phone"
)

// TestPortalTextSettings: the Settings page takes a phone as people write
// it and the texts box; a phone that is none, or texts without a phone,
// is refused in the customer's language with what she typed kept; after
// she answers STOP the page says so, until she checks the box again.
func TestPortalTextSettings(t *testing.T) {
	ps := mustPortalSite(t, "")
	ps.svc.Phones = phone.Numbers{}
	c := mustPortalSignIn(t, ps.h, "maria")
	form := func(phone string, texts bool) url.Values {
		v := url.Values{"email": {"maria@example.org"}, "e_notification": {"on"}, "language": {"es"}, "phone": {phone}}
		if texts {
			v.Set("sms_notification", "on")
		}
		return v
	}
	page := testrig.Browse(ps.h, "GET", "/portal/settings", nil, c).Body.String()
	for _, want := range []string{`name="phone"`, `type="tel"`, `name="sms_notification"`, "Número de teléfono celular", "Avisarme por texto cuando tenga un mensaje nuevo"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the settings page lacks %q", want)
		}
	}

	rec := testrig.Browse(ps.h, "POST", "/portal/settings", form("555", true), c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if body := rec.Body.String(); !strings.Contains(body, "Escriba un número de celular con el código de área") || !strings.Contains(body, `value="555"`) {
		t.Fatalf("a phone that is none: %s", body)
	}
	rec = testrig.Browse(ps.h, "POST", "/portal/settings", form("", true), c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if body := rec.Body.String(); !strings.Contains(body, "Escriba un número de celular para recibir textos") {
		t.Fatalf("texts without a phone: %s", body)
	}

	testrig.MustStatus(t, testrig.Browse(ps.h, "POST", "/portal/settings", form("(213) 555-0142", true), c), http.StatusSeeOther)
	const boxChecked = `name="sms_notification" value="on" checked`
	page = testrig.Browse(ps.h, "GET", "/portal/settings", nil, c).Body.String()
	if !strings.Contains(page, `value="&#43;12135550142"`) || !strings.Contains(page, boxChecked) || strings.Contains(page, "sms-stopped") {
		t.Fatalf("the settings page after saving: %s", page)
	}

	if _, names, err := ps.svc.TextReply(context.Background(), "+12135550142", "PARAR"); err != nil || len(names) != 1 {
		t.Fatalf("STOP: %v, %v", names, err)
	}
	page = testrig.Browse(ps.h, "GET", "/portal/settings", nil, c).Body.String()
	if !strings.Contains(page, "Usted respondió STOP, así que los textos están desactivados.") || strings.Contains(page, boxChecked) {
		t.Fatalf("the settings page after STOP: %s", page)
	}
	testrig.MustStatus(t, testrig.Browse(ps.h, "POST", "/portal/settings", form("+12135550142", true), c), http.StatusSeeOther)
	if page = testrig.Browse(ps.h, "GET", "/portal/settings", nil, c).Body.String(); strings.Contains(page, "sms-stopped") {
		t.Fatal("the page still says STOP after texts were turned on again")
	}
}
