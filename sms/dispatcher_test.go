package sms

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/backoff"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/phone"
)

const (
	account = "AC0123456789"
	token   = "auth-token-0123456789"
	county  = "+13105550100"
	maria   = "+12135550142"
)

// textRig is a service over a real store that queues texts, maria with a
// phone and texts on, and a provider standing in for Twilio.
type textRig struct {
	*testrig.Rig
	provider *testrig.SMSProvider
	la       *time.Location
}

func newTextRig(t *testing.T, r *testrig.Rig) *textRig {
	t.Helper()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	r.Service.Texts, r.Service.Location, r.Service.Phones = true, la, phone.Numbers{}
	ctx := context.Background()
	a := r.MustLogin(t, "maria", fixture.Password)
	p, on := maria, true
	if _, err := r.Service.UpdateCustomerAccount(ctx, a, emessage.AccountSettings{Phone: &p, SMSNotification: &on}); err != nil {
		t.Fatal(err)
	}
	return &textRig{Rig: r, provider: testrig.StartSMSProvider(t, account, token), la: la}
}

func (r *textRig) dispatcher() *Dispatcher {
	return &Dispatcher{Store: r.Store, Sender: &Client{URL: r.provider.URL, Account: account, Token: token, From: county},
		BaseURL: "https://portal.example.gov", Location: r.la, Now: r.Clock.Now}
}

func (r *textRig) send(t *testing.T, subject string) {
	t.Helper()
	jdoe := r.MustLogin(t, "jdoe", fixture.Password)
	_, err := r.Service.SendMessage(context.Background(), jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
		Type: emessage.TypeMessage, Subject: subject, Body: "Your interview is on Tuesday."})
	if err != nil {
		t.Fatal(err)
	}
}

func (r *textRig) texts(t *testing.T) []emessage.Text {
	t.Helper()
	a, err := r.Store.AccountByUsername(context.Background(), "maria")
	if err != nil {
		t.Fatal(err)
	}
	texts, err := r.Store.Texts(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// TestDispatcherSendsOneTextForABurst: three records in a burst queue one
// text; the provider's 500 is retried; the text that arrives is in
// Spanish, holds the portal's address and nothing of the records.
func TestDispatcherSendsOneTextForABurst(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, rig *testrig.Rig) {
		ctx := context.Background()
		r := newTextRig(t, rig)
		r.Clock.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, r.la))
		for _, subject := range []string{"Interview", "Documents", "Card"} {
			r.send(t, subject)
			r.Clock.Add(time.Minute)
		}
		if texts := r.texts(t); len(texts) != 1 || texts[0].Folded != 2 || texts[0].Phone != maria {
			t.Fatalf("a burst of three queued %+v", texts)
		}
		d := r.dispatcher()
		r.provider.FailNext(1)
		if sent, err := d.RunOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("RunOnce with the provider failing = %d, %v", sent, err)
		}
		if tx := r.texts(t)[0]; tx.State != emessage.TextPending || tx.Attempts != 1 || !strings.Contains(tx.LastError, "500") {
			t.Fatalf("after a 500: %+v", tx)
		}
		r.Clock.Add(backoff.Notice.First)
		if sent, err := d.RunOnce(ctx); err != nil || sent != 1 {
			t.Fatalf("RunOnce after the retry wait = %d, %v", sent, err)
		}
		if sent, _ := d.RunOnce(ctx); sent != 0 {
			t.Fatal("the text went twice")
		}
		got := r.provider.Texts()
		if len(got) != 1 {
			t.Fatalf("the provider got %d texts: %+v", len(got), got)
		}
		body := got[0].Body
		if got[0].To != maria || got[0].From != county || body != Body("es", "https://portal.example.gov") ||
			!strings.Contains(body, "https://portal.example.gov/portal/") || !strings.Contains(body, "mensaje") {
			t.Fatalf("the text: %+v", got[0])
		}
		for _, secret := range []string{"B1", "Interview", "Documents", "Card", "interview", "Tuesday", "Maria"} {
			if strings.Contains(body, secret) {
				t.Fatalf("the text tells %q: %q", secret, body)
			}
		}
		if d.Counters.Sent.Load() != 1 || d.Counters.Retried.Load() != 1 {
			t.Fatalf("counters: %d sent, %d retried", d.Counters.Sent.Load(), d.Counters.Retried.Load())
		}
	})
}

// TestDispatcherLease: two servers on one database, claiming at once,
// send the text once.
func TestDispatcherLease(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, rig *testrig.Rig) {
		r := newTextRig(t, rig)
		r.Clock.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, r.la))
		r.send(t, "Interview")
		var wg sync.WaitGroup
		for range 4 {
			d := r.dispatcher()
			wg.Go(func() {
				if _, err := d.RunOnce(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := len(r.provider.Texts()); n != 1 || r.provider.Posts() != 1 {
			t.Fatalf("four servers sent the text %d times (%d posts)", n, r.provider.Posts())
		}
	})
}

// TestDispatcherQuietHours: a record written at night queues its text for
// 08:00; nothing goes before; a retry that falls in the evening is held
// to the next morning instead.
func TestDispatcherQuietHours(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, rig *testrig.Rig) {
		ctx := context.Background()
		r := newTextRig(t, rig)
		r.Clock.Set(time.Date(2026, 11, 2, 22, 30, 0, 0, r.la))
		r.send(t, "Late")
		morning := time.Date(2026, 11, 3, 8, 0, 0, 0, r.la)
		if tx := r.texts(t); len(tx) != 1 || !tx[0].NextAt.Equal(morning) {
			t.Fatalf("a text queued at 22:30: %+v, want it due %s", tx, morning)
		}
		d := r.dispatcher()
		r.Clock.Set(morning.Add(-time.Minute))
		if sent, _ := d.RunOnce(ctx); sent != 0 || r.provider.Posts() != 0 {
			t.Fatal("a text went before 08:00")
		}
		r.Clock.Set(morning)
		if sent, err := d.RunOnce(ctx); err != nil || sent != 1 {
			t.Fatalf("RunOnce at 08:00 = %d, %v", sent, err)
		}

		// Failing until 20:59, the next try would be at night: held.
		r.Clock.Set(time.Date(2026, 11, 3, 20, 40, 0, 0, r.la)) // past the fold window
		r.send(t, "Evening")
		r.provider.FailNext(1)
		d.RunOnce(ctx)
		r.Clock.Set(time.Date(2026, 11, 3, 21, 5, 0, 0, r.la))
		if sent, err := d.RunOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("RunOnce at 21:05 = %d, %v", sent, err)
		}
		texts := r.texts(t)
		if tx := texts[len(texts)-1]; tx.State != emessage.TextPending || !tx.NextAt.Equal(time.Date(2026, 11, 4, 8, 0, 0, 0, r.la)) || tx.Attempts != 1 {
			t.Fatalf("a retry due at 21:05: %+v", tx)
		}
		if d.Counters.Held.Load() != 1 || len(r.provider.Texts()) != 1 {
			t.Fatalf("held %d, sent %d", d.Counters.Held.Load(), len(r.provider.Texts()))
		}
	})
}

// TestNoTextsWhenOff: a service without texts (no --sms-url) queues none,
// and an account without a phone or with texts off gets none.
func TestNoTextsWhenOff(t *testing.T) {
	r := newTextRig(t, testrig.New(t, fixture.World()))
	r.Clock.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, r.la))
	r.Service.Texts = false
	r.send(t, "Interview")
	if texts := r.texts(t); len(texts) != 0 {
		t.Fatalf("texts off, queued %+v", texts)
	}
	r.Service.Texts = true
	off := false
	a := r.MustLogin(t, "maria", fixture.Password)
	if _, err := r.Service.UpdateCustomerAccount(context.Background(), a, emessage.AccountSettings{SMSNotification: &off}); err != nil {
		t.Fatal(err)
	}
	r.send(t, "Interview")
	if texts := r.texts(t); len(texts) != 0 {
		t.Fatalf("maria's texts off, queued %+v", texts)
	}
}
