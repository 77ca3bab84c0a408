package sms

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// TestSignature: Twilio's own published example (their libraries' tests)
// and a form posted by the provider to our inbound address.
func TestSignature(t *testing.T) {
	u := "https://mycompany.com/myapp.php?foo=1&bar=2"
	for _, tt := range []struct{ caller, want string }{
		{"+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
		{"+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ="},
	} {
		form := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {tt.caller}, "Digits": {"1234"},
			"From": {tt.caller}, "To": {"+18005551212"}}
		if got := Signature("12345", u, form); got != tt.want {
			t.Errorf("Signature = %s, want %s", got, tt.want)
		}
		if !ValidSignature("12345", u, form, tt.want) {
			t.Error("ValidSignature refuses Twilio's signature")
		}
	}
	inbound := "https://portal.example.gov/api/v1/sms/inbound"
	form := url.Values{"From": {"+12135550142"}, "Body": {"STOP"}, "MessageSid": {"SM1"}}
	sig := testrig.TwilioSignature("token", inbound, form)
	if got := Signature("token", inbound, form); got != sig {
		t.Fatalf("Signature = %s, the rig's %s", got, sig)
	}
	for _, bad := range []struct {
		name, token, url, sig string
		form                  url.Values
	}{
		{"another token", "other", inbound, sig, form},
		{"another address", "token", "https://evil.example/api/v1/sms/inbound", sig, form},
		{"another body", "token", inbound, sig, url.Values{"From": {"+12135550142"}, "Body": {"START"}, "MessageSid": {"SM1"}}},
		{"no signature", "token", inbound, "", form},
		{"no token", "", inbound, Signature("", inbound, form), form},
	} {
		if ValidSignature(bad.token, bad.url, bad.form, bad.sig) {
			t.Errorf("%s: valid", bad.name)
		}
	}
}

// gsm7 is the GSM 03.38 basic character set: a text of these alone is
// one segment up to 160 characters (anything else: 70).
const gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

func TestBodyEveryLanguage(t *testing.T) {
	const base = "https://portal.example.gov"
	en := Body("en", base)
	for _, lang := range emessage.Languages {
		b := Body(lang, base)
		if !strings.Contains(b, base+"/portal/") || !strings.Contains(b, "STOP") || strings.Contains(b, "{{") {
			t.Errorf("%s: %q", lang, b)
		}
		if lang != "en" && b == en {
			t.Errorf("%s speaks English: %q", lang, b)
		}
		segment := 67 // a part of a longer text in UCS-2
		if !strings.ContainsFunc(b, func(r rune) bool { return !strings.ContainsRune(gsm7, r) }) {
			segment = 153 // a part of a longer text in GSM-7
		}
		if n := utf8.RuneCountInString(b); n > 2*segment {
			t.Errorf("%s: %d characters, more than two segments of %d: %q", lang, n, segment, b)
		}
	}
	// English and Spanish, the most read, fit one segment.
	for _, lang := range []string{"en", "es", "tl", "hmn"} {
		b := Body(lang, base)
		if strings.ContainsFunc(b, func(r rune) bool { return !strings.ContainsRune(gsm7, r) }) || utf8.RuneCountInString(b) > 160 {
			t.Errorf("%s is not one GSM-7 segment: %d characters, %q", lang, utf8.RuneCountInString(b), b)
		}
	}
	if Body("xx", base) != en {
		t.Error("an unknown language does not speak English")
	}
}

func TestClientSend(t *testing.T) {
	ctx := context.Background()
	p := testrig.StartSMSProvider(t, "AC123", "secret-token")
	c := &Client{URL: p.URL, Account: "AC123", Token: "secret-token", From: "+13105550100"}
	id, err := c.Send(ctx, "+12135550142", "Hello")
	if err != nil || !strings.HasPrefix(id, "SM") {
		t.Fatalf("Send = %q, %v", id, err)
	}
	if got := p.Texts(); len(got) != 1 || got[0].To != "+12135550142" || got[0].From != "+13105550100" || got[0].Body != "Hello" {
		t.Fatalf("the provider got %+v", got)
	}
	p.FailNext(1)
	var e *Error
	if _, err := c.Send(ctx, "+12135550142", "Hello"); !errors.As(err, &e) || e.Status != 500 || e.Code != 20500 {
		t.Fatalf("a 500 answer: %v", err)
	}
	bad := *c
	bad.Token = "wrong"
	if _, err := bad.Send(ctx, "+12135550142", "Hello"); !errors.As(err, &e) || e.Status != 401 {
		t.Fatalf("a wrong token: %v", err)
	}
	if strings.Contains(e.Error(), "wrong") {
		t.Fatalf("the error shows the token: %v", e)
	}
	down := &Client{URL: "http://127.0.0.1:1", Account: "AC123", Token: "t", From: "+13105550100"}
	if _, err := down.Send(ctx, "+12135550142", "Hello"); err == nil {
		t.Fatal("a provider that is down accepted a text")
	}
	if probs := p.Problems(); len(probs) != 1 || !strings.Contains(probs[0], "basic auth") {
		t.Fatalf("problems: %v", probs)
	}
}
