package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sms"
	"github.com/county/emessage/sqlstore"
)

const (
	smsAccount = "AC00000000000000000000000000000001"
	smsToken   = "twilio-auth-token-for-tests"
	smsFrom    = "+13105550100"
	benPhone   = "+12135550142"
	anaPhone   = "+12135550143"
	// inboundURL is where the provider posts, as it signs it: the public
	// address (--base-url), not the address the test connects to.
	inboundURL = "https://portal.example.gov/api/v1/sms/inbound"
)

// zoneAtHour is a fixed-offset zone (Etc/GMT...) where it is now hour
// o'clock and some minutes: serve's --tz, so that a test can be in the
// county's afternoon or night whatever the time is where it runs.
func zoneAtHour(t *testing.T, hour int) (string, *time.Location) {
	t.Helper()
	off := ((hour-time.Now().UTC().Hour())%24 + 24) % 24
	if off > 14 {
		off -= 24
	}
	name := "Etc/GMT"
	switch {
	case off > 0:
		name = fmt.Sprintf("Etc/GMT-%d", off) // the sign is POSIX's: GMT-8 is 8 hours east
	case off < 0:
		name = fmt.Sprintf("Etc/GMT+%d", -off)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	if h := time.Now().In(loc).Hour(); h != hour {
		t.Fatalf("%s is at %d o'clock, want %d", name, h, hour)
	}
	return name, loc
}

func smsArgs(p *testrig.SMSProvider, tz string) []string {
	return []string{"--tz", tz, "--sms-url", p.URL, "--sms-account", smsAccount, "--sms-token", smsToken, "--sms-from", smsFrom}
}

// inbound posts a text a customer sent back, signed with signature
// (sign: as the provider signs it for the public address).
func inbound(t *testing.T, srv *server, from, body, signature string) *testrig.Response {
	t.Helper()
	form := url.Values{"From": {from}, "To": {smsFrom}, "Body": {body}, "MessageSid": {"SM0000000000000000000000000000000a"},
		"AccountSid": {smsAccount}, "NumMedia": {"0"}}
	if signature == "sign" {
		signature = testrig.TwilioSignature(smsToken, inboundURL, form)
	}
	req, err := http.NewRequest(http.MethodPost, srv.base+"/api/v1/sms/inbound", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signature != "" {
		req.Header.Set("X-Twilio-Signature", signature)
	}
	return srv.anon().Send(req)
}

// TestTexts is SPEC 20 end to end, on each database: a customer gives her
// phone and turns texts on; a burst of three messages sends her one text,
// in Spanish, with the portal's address and nothing of the messages; her
// STOP, signed as the provider signs, turns texts off (the API shows it,
// and the next message sends none), a forged one is refused, START turns
// them on again. At night in the county's zone, a text waits for 08:00.
func TestTexts(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		ctx := context.Background()
		dir := t.TempDir()
		mustImportFixture(t, dir, db)
		provider := testrig.StartSMSProvider(t, smsAccount, smsToken)
		dayTZ, _ := zoneAtHour(t, 13)
		srv := startServerDB(t, dir, db, smsArgs(provider, dayTZ)...)

		// Ben (Spanish) gives his phone: E.164 only, a number that exists.
		ben := srv.login("ben", fixturePassword)
		for _, bad := range []string{"(213) 555-0142", "+1 213 555 0142", "+10005550142", "12135550142"} {
			if e := ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"phone": bad}).Want(t, 422).Err(); e.Field != "phone" {
				t.Fatalf("phone %q: %+v", bad, e)
			}
		}
		ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"sms_notification": true}).Want(t, 422)
		acct := ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"phone": benPhone, "sms_notification": true}).Want(t, 200)
		if acct.JSON["phone"] != benPhone || acct.JSON["sms_notification"] != true || acct.JSON["sms_stopped"] != false {
			t.Fatalf("ben's account: %s", acct.Body)
		}

		// A burst of three: one text.
		bea := srv.login("bea", fixturePassword)
		subjects := []string{"Entrevista", "Documentos", "Tarjeta"}
		for _, subject := range subjects {
			bea.Do("POST", "/api/v1/messages", map[string]any{"case_number": "B0000001", "person_id": "P1", "type": "message",
				"subject": subject, "body": "Su cita es el martes a las 10."}).Want(t, 201)
		}
		waitFor(t, "the text", func() bool { return len(provider.Texts()) > 0 })
		time.Sleep(1500 * time.Millisecond) // time for a second text, were one queued
		texts := provider.Texts()
		if len(texts) != 1 {
			t.Fatalf("a burst of three sent %d texts: %+v", len(texts), texts)
		}
		got := texts[0]
		if got.To != benPhone || got.From != smsFrom || got.Body != sms.Body("es", "https://portal.example.gov") ||
			!strings.Contains(got.Body, "https://portal.example.gov/portal/") {
			t.Fatalf("the text: %+v", got)
		}
		for _, secret := range append(subjects, "B0000001", "martes", "Benito", "Butte") {
			if strings.Contains(got.Body, secret) {
				t.Fatalf("the text tells %q: %q", secret, got.Body)
			}
		}
		if probs := provider.Problems(); len(probs) > 0 {
			t.Fatalf("the provider saw: %v", probs)
		}

		// Forged STOPs are refused and change nothing.
		inbound(t, srv, benPhone, "STOP", "").Want(t, 403, "forbidden")
		inbound(t, srv, benPhone, "STOP", "bm90IHRoZSBzaWduYXR1cmU=").Want(t, 403, "forbidden")
		hostSigned := testrig.TwilioSignature(smsToken, srv.base+"/api/v1/sms/inbound",
			url.Values{"From": {benPhone}, "To": {smsFrom}, "Body": {"STOP"}, "MessageSid": {"SM0000000000000000000000000000000a"},
				"AccountSid": {smsAccount}, "NumMedia": {"0"}})
		inbound(t, srv, benPhone, "STOP", hostSigned).Want(t, 403, "forbidden") // signed for the Host, not the public address
		if ben.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200).JSON["sms_notification"] != true {
			t.Fatal("a forged STOP turned texts off")
		}

		// Ben's STOP, as the provider signs it.
		r := inbound(t, srv, benPhone, " Stop ", "sign").Want(t, 200)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") || !strings.Contains(string(r.Body), "<Response/>") {
			t.Fatalf("the answer to STOP: %s %s", ct, r.Body)
		}
		acct = ben.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200)
		if acct.JSON["sms_notification"] != false || acct.JSON["sms_stopped"] != true || acct.JSON["phone"] != benPhone {
			t.Fatalf("ben's account after STOP: %s", acct.Body)
		}
		store, err := sqlstore.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		trail, err := store.AuditTrail(ctx, "account", "ben")
		if err != nil || len(trail) == 0 || trail[len(trail)-1].Action != "account.texts_stop" || trail[len(trail)-1].ActorKind != "sms" {
			t.Fatalf("ben's audit trail: %+v, %v", trail, err)
		}
		benAcct, err := store.AccountByUsername(ctx, "ben")
		if err != nil {
			t.Fatal(err)
		}
		bea.Do("POST", "/api/v1/messages", map[string]any{"case_number": "B0000001", "person_id": "P1", "type": "message",
			"subject": "Después de STOP", "body": "Nada."}).Want(t, 201)
		if queued, _ := store.Texts(ctx, benAcct.ID); len(queued) != 1 {
			t.Fatalf("texts off, ben's texts are %+v", queued)
		}

		// START: on again.
		inbound(t, srv, benPhone, "start", "sign").Want(t, 200)
		acct = ben.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200)
		if acct.JSON["sms_notification"] != true || acct.JSON["sms_stopped"] != false {
			t.Fatalf("ben's account after START: %s", acct.Body)
		}
		// Anything else changes nothing, and is answered as well.
		inbound(t, srv, benPhone, "Gracias", "sign").Want(t, 200)
		srv.stop()

		// Night in the county: the text waits for 08:00.
		nightTZ, night := zoneAtHour(t, 23)
		srv = startServerDB(t, dir, db, smsArgs(provider, nightTZ)...)
		ana := srv.login("ana", fixturePassword)
		ana.Do("PATCH", "/api/v1/ssp/account", map[string]any{"phone": anaPhone, "sms_notification": true}).Want(t, 200)
		srv.login("wanda", fixturePassword).Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001",
			"person_id": "P1", "program": "CF", "type": "message", "subject": "Late", "body": "Sent at night."}).Want(t, 201)
		time.Sleep(1500 * time.Millisecond)
		if n := len(provider.Texts()); n != 1 {
			t.Fatalf("at night %d texts went (want only the afternoon's)", n)
		}
		anaAcct, err := store.AccountByUsername(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		queued, err := store.Texts(ctx, anaAcct.ID)
		if err != nil || len(queued) != 1 || queued[0].State != emessage.TextPending {
			t.Fatalf("ana's text at night: %+v, %v", queued, err)
		}
		// Queued at 23:xx there (or just past midnight, had the hour
		// turned meanwhile), due at 08:00 the next morning there.
		created, due := queued[0].CreatedAt.In(night), queued[0].NextAt.In(night)
		if (created.Hour() != 23 && created.Hour() != 0) || due.Hour() != 8 || due.Minute() != 0 || due.Second() != 0 ||
			due.Sub(created) <= 0 || due.Sub(created) > 9*time.Hour {
			t.Fatalf("ana's text queued at %s is due at %s; want 08:00 the next morning", created, due)
		}
	})
}

// TestServeSMSFlags: half an SMS configuration is refused in one line.
func TestServeSMSFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sms-url", "https://api.twilio.com"}, "--sms-url set but --sms-account, --sms-token, --sms-from not"},
		{[]string{"--sms-token", "x", "--sms-account", "AC1"}, "--sms-account, --sms-token set but --sms-url, --sms-from not"},
		{[]string{"--sms-url", "api.twilio.com", "--sms-account", "AC1", "--sms-token", "t", "--sms-from", "+13105550100"}, "is not a base address"},
	} {
		var out, errOut strings.Builder
		code := run(t.Context(), append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, tc.args...), &out, &errOut)
		if code != exitUsage || !strings.Contains(errOut.String(), tc.want) || strings.Count(strings.TrimSpace(errOut.String()), "\n") != 0 {
			t.Errorf("serve %v: exit %d, %q; want %d and %q on one line", tc.args, code, errOut.String(), exitUsage, tc.want)
		}
	}
}
