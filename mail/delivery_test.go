package mail

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sqlstore"
)

// These tests drive the real service on a real SQLite store, the
// dispatcher, the SMTP sender and an SMTP server in process.

// world is a county with four customers: maria (English) and rosa (Spanish)
// opted in, david with an email but opted out, tom without email.
type world struct {
	t      testing.TB
	ctx    context.Context
	dbURL  string
	store  *sqlstore.Store
	svc    *emessage.Service
	clock  *testrig.Clock
	srv    *mailServer
	worker emessage.Actor
}

const (
	caseNumber = "C1234567"
	subject    = "Your CalFresh renewal"
	body       = "Please send your pay stubs for case C1234567 by Friday."
)

func newWorld(t testing.TB) *world {
	t.Helper()
	account := func(user, email, lang string, optIn bool) emessage.ImportAccount {
		return emessage.ImportAccount{Username: user, PasswordHash: "plain:pw", Email: email, ENotification: optIn, Language: lang}
	}
	r := testrig.New(t, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}},
		Workers: []emessage.ImportWorker{{Username: "jdoe", Name: "Jane Doe", County: "19", PasswordHash: "plain:pw",
			Rights: []string{emessage.RightView, emessage.RightSend}}},
		Accounts: []emessage.ImportAccount{
			account("maria", "maria@example.org", "en", true),
			account("rosa", "rosa@example.org", "es", true),
			account("david", "david@example.org", "en", false),
			account("tom", "", "en", false),
		},
		Cases: []emessage.ImportCase{{Number: caseNumber, County: "19", Status: emessage.CaseActive,
			Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
			Persons: []emessage.ImportPerson{
				{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"},
				{ID: "P2", Name: "Rosa Ruiz", SSPAccount: "rosa"},
				{ID: "P3", Name: "David Diaz", SSPAccount: "david"},
				{ID: "P4", Name: "Tom Tran", SSPAccount: "tom"},
			}}},
	})
	r.Clock.Set(t0)
	r.Service.MailDomain = "county.example.gov"
	w := &world{t: t, ctx: context.Background(), dbURL: r.URL, store: r.Store, svc: r.Service, clock: r.Clock}
	w.worker = w.login("jdoe")
	w.srv = newMailServer(t, serverOpts{StartTLS: true})
	return w
}

// openStore opens the database, as another process would.
func (w *world) openStore() *sqlstore.Store {
	s, err := sqlstore.Open(w.ctx, w.dbURL)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	return s
}

func (w *world) login(user string) emessage.Actor {
	_, a, err := w.svc.Login(w.ctx, user, "pw")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// send is a worker's e-Message to a person of the case.
func (w *world) send(personID string) *emessage.Message {
	w.t.Helper()
	m, err := w.svc.SendMessage(w.ctx, w.worker, emessage.NewMessage{CaseNumber: caseNumber, PersonID: personID,
		Type: emessage.TypeMessage, Subject: subject, Body: body})
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

// dispatcher is a dispatcher on store and the world's clock, sending to the
// world's mail server.
func (w *world) dispatcher(store emessage.NotificationStore, s Sender) *Dispatcher {
	if s == nil {
		sender := w.srv.sender()
		w.t.Cleanup(func() { sender.Close() })
		s = sender
	}
	return &Dispatcher{Store: store, Sender: s, From: "e-Messages <no-reply@county.example.gov>",
		BaseURL: "https://benefits.example.gov", Now: w.clock.Now}
}

func (w *world) runOnce(d *Dispatcher) int {
	w.t.Helper()
	sent, err := d.RunOnce(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return sent
}

func (w *world) counts() (pending, failed int) {
	w.t.Helper()
	pending, failed, err := w.store.NotificationCounts(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return pending, failed
}

// byMessageID groups what the server received by Message-ID.
func (w *world) byMessageID() map[string][]received {
	out := map[string][]received{}
	for _, m := range w.srv.received() {
		id := mustParse(w.t, m.Raw).Header.Get("Message-ID")
		out[id] = append(out[id], m)
	}
	return out
}

func TestDeliveryOneEmailPerEvent(t *testing.T) {
	w := newWorld(t)
	d := w.dispatcher(w.store, nil)
	w.send("P1") // maria
	w.send("P2") // rosa
	w.send("P3") // david: opted out
	w.send("P4") // tom: no email
	if _, err := w.svc.SendMessage(w.ctx, w.worker, emessage.NewMessage{CaseNumber: caseNumber, PersonID: "P2",
		Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: subject, Body: body}); err != nil {
		t.Fatal(err)
	}
	// maria writes to the county (no email: she wrote it), and the worker answers (one email).
	maria := w.login("maria")
	q, err := w.svc.CustomerSend(w.ctx, maria, emessage.NewCustomerMessage{CaseNumber: caseNumber, Subject: "Question", Body: "When?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Reply(w.ctx, w.worker, q.ID, body); err != nil {
		t.Fatal(err)
	}

	if sent := w.runOnce(d); sent != 4 {
		t.Fatalf("sent %d, want 4 (maria 2, rosa 2)", sent)
	}
	if sent := w.runOnce(d); sent != 0 {
		t.Fatalf("second run sent %d more", sent)
	}
	perAddress := map[string]int{}
	for id, ms := range w.byMessageID() {
		if len(ms) != 1 {
			t.Errorf("%s arrived %d times", id, len(ms))
		}
		if !strings.HasSuffix(id, "@county.example.gov>") {
			t.Errorf("Message-ID %s not of the mail domain", id)
		}
		m := ms[0]
		perAddress[m.To[0]]++
		p := mustParse(t, m.Raw)
		if got := p.Header.Get("To"); got != "<"+m.To[0]+">" {
			t.Errorf("To header %q for envelope %q", got, m.To[0])
		}
		wantLang := map[string]string{"maria@example.org": `lang="en"`, "rosa@example.org": `lang="es"`}[m.To[0]]
		if !strings.Contains(p.HTML, wantLang) {
			t.Errorf("email to %s not in its language (%s)", m.To[0], wantLang)
		}
		if !strings.Contains(p.Text, "https://benefits.example.gov/portal/") {
			t.Errorf("no portal link in %q", p.Text)
		}
		all := string(m.Raw) + p.Text + p.HTML
		for _, leak := range []string{caseNumber, subject, "pay stubs", "Maria", "Rosa", "Lopez", "Question", "CalFresh"} {
			if strings.Contains(all, leak) {
				t.Errorf("email to %s holds %q", m.To[0], leak)
			}
		}
		if !m.TLS {
			t.Errorf("email to %s went without TLS", m.To[0])
		}
	}
	want := map[string]int{"maria@example.org": 2, "rosa@example.org": 2}
	if fmt.Sprint(perAddress) != fmt.Sprint(want) {
		t.Errorf("emails per address %v, want %v (none for david or tom)", perAddress, want)
	}
	if pending, failed := w.counts(); pending != 0 || failed != 0 {
		t.Errorf("queue: %d pending, %d failed", pending, failed)
	}
	if got := d.Counters.Sent.Load(); got != 4 {
		t.Errorf("sent counter %d, want 4", got)
	}
}

func TestDeliveryServerDownThenUp(t *testing.T) {
	w := newWorld(t)
	d := w.dispatcher(w.store, nil)
	for range 3 {
		w.send("P1")
		w.send("P2")
	}
	step := func() { w.clock.Set(w.clock.Now().Add(MaxRetry)) } // past any backoff

	// Down: nothing listens.
	w.srv.stop()
	for range 4 {
		if sent := w.runOnce(d); sent != 0 {
			t.Fatalf("sent %d while the server was down", sent)
		}
		step()
	}
	// Up, but answering 4xx.
	w.srv.start()
	w.srv.refuseRcpt(func(string) error { return tempRefusal })
	for range 3 {
		if sent := w.runOnce(d); sent != 0 {
			t.Fatalf("sent %d while the server answered 4xx", sent)
		}
		step()
	}
	if pending, failed := w.counts(); pending != 6 || failed != 0 {
		t.Fatalf("queue while down: %d pending, %d failed; want 6, 0", pending, failed)
	}
	if got := d.Counters.Temporary.Load(); got != 6*7 {
		t.Errorf("temporary failures %d, want %d", got, 6*7)
	}

	// Back for good.
	w.srv.refuseRcpt(nil)
	if sent := w.runOnce(d); sent != 6 {
		t.Fatalf("sent %d after recovery, want 6", sent)
	}
	step()
	if sent := w.runOnce(d); sent != 0 {
		t.Fatalf("sent %d more", sent)
	}
	ids := w.byMessageID()
	if len(ids) != 6 {
		t.Errorf("%d distinct emails, want 6", len(ids))
	}
	for id, ms := range ids {
		if len(ms) != 1 {
			t.Errorf("%s arrived %d times", id, len(ms))
		}
	}
	if pending, failed := w.counts(); pending != 0 || failed != 0 {
		t.Errorf("queue: %d pending, %d failed", pending, failed)
	}
}

func TestDeliveryPermanentRefusal(t *testing.T) {
	w := newWorld(t)
	d := w.dispatcher(w.store, nil)
	w.srv.refuseRcpt(func(to string) error {
		if to == "maria@example.org" {
			return permRefusal
		}
		return nil
	})
	w.send("P1")
	w.send("P2")
	if sent := w.runOnce(d); sent != 1 {
		t.Fatalf("sent %d, want 1 (rosa)", sent)
	}
	if pending, failed := w.counts(); pending != 0 || failed != 1 {
		t.Errorf("queue: %d pending, %d failed; want 0, 1", pending, failed)
	}
	if p, tmp := d.Counters.Permanent.Load(), d.Counters.Temporary.Load(); p != 1 || tmp != 0 {
		t.Errorf("failures: %d permanent, %d temporary; want 1, 0", p, tmp)
	}
	// Never tried again.
	w.srv.refuseRcpt(nil)
	w.clock.Set(t0.Add(time.Hour))
	if sent := w.runOnce(d); sent != 0 {
		t.Errorf("a refused email was tried again")
	}
}

// crashAfterSend delivers, then ends the goroutine it runs on, as if the
// process died right after the mail server accepted: nothing after the
// acceptance runs, so the notification is not marked sent.
type crashAfterSend struct{ Sender }

func (c crashAfterSend) Send(ctx context.Context, e *Email) error {
	if err := c.Sender.Send(ctx, e); err != nil {
		return err
	}
	runtime.Goexit()
	return nil
}

func TestDeliveryCrashBetweenSendAndRecord(t *testing.T) {
	w := newWorld(t)
	w.send("P2")
	d1 := w.dispatcher(w.store, nil)
	d1.Sender = crashAfterSend{d1.Sender}
	done := make(chan struct{})
	go func() { defer close(done); d1.RunOnce(w.ctx) }()
	<-done
	if got := len(w.srv.received()); got != 1 {
		t.Fatalf("%d emails before the crash, want 1", got)
	}

	// A new process, with its own store handle, while the lease holds:
	// nothing. After the lease: exactly one resend.
	store2 := w.openStore()
	d2 := w.dispatcher(store2, nil)
	if sent := w.runOnce(d2); sent != 0 {
		t.Fatalf("resent during the lease")
	}
	w.clock.Set(t0.Add(DefaultLease + time.Second))
	if sent := w.runOnce(d2); sent != 1 {
		t.Fatalf("resent %d after the lease, want 1", sent)
	}
	w.clock.Set(t0.Add(time.Hour))
	if sent := w.runOnce(d2); sent != 0 {
		t.Fatalf("resent again")
	}
	got := w.srv.received()
	if len(got) != 2 {
		t.Fatalf("%d emails in all, want 2", len(got))
	}
	id1 := mustParse(t, got[0].Raw).Header.Get("Message-ID")
	id2 := mustParse(t, got[1].Raw).Header.Get("Message-ID")
	if id1 != id2 || string(got[0].Raw) != string(got[1].Raw) {
		t.Errorf("the resend differs: Message-ID %s then %s", id1, id2)
	}
}

// stopAfterSend delivers, then stops the dispatcher, as a SIGTERM arriving
// right after the mail server accepted.
type stopAfterSend struct {
	Sender
	stop context.CancelFunc
}

func (s stopAfterSend) Send(ctx context.Context, e *Email) error {
	err := s.Sender.Send(ctx, e)
	s.stop()
	return err
}

func TestDeliveryStopAfterAcceptanceRecordsIt(t *testing.T) {
	w := newWorld(t)
	w.send("P1")
	w.send("P2")
	ctx, cancel := context.WithCancel(w.ctx)
	d := w.dispatcher(w.store, nil)
	d.Sender = stopAfterSend{d.Sender, cancel}
	if sent, _ := d.RunOnce(ctx); sent != 1 {
		t.Fatalf("sent %d before stopping, want 1", sent)
	}
	// The first was recorded sent; the second waits for its lease to end.
	w.clock.Set(t0.Add(time.Hour))
	d2 := w.dispatcher(w.store, nil)
	if sent := w.runOnce(d2); sent != 1 {
		t.Fatalf("sent %d after restart, want 1 (the one not sent yet)", sent)
	}
	for id, ms := range w.byMessageID() {
		if len(ms) != 1 {
			t.Errorf("%s arrived %d times", id, len(ms))
		}
	}
	if got := len(w.srv.received()); got != 2 {
		t.Errorf("%d emails, want 2", got)
	}
}

// TestDeliverySeveralProcesses runs two dispatchers, each with its own
// store handle, on one queue: every email goes out once.
func TestDeliverySeveralProcesses(t *testing.T) {
	w := newWorld(t)
	w.svc.Now = time.Now // real time: the dispatchers run on their own
	const n = 40
	for i := range n {
		w.send([]string{"P1", "P2"}[i%2])
	}
	ctx, cancel := context.WithCancel(w.ctx)
	var wg sync.WaitGroup
	for range 2 {
		d := w.dispatcher(w.openStore(), nil)
		d.Now, d.Batch, d.Idle = nil, 3, 10*time.Millisecond
		wg.Add(1)
		go func() { defer wg.Done(); d.Run(ctx) }()
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(w.srv.received()) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	ids := w.byMessageID()
	if len(ids) != n {
		t.Errorf("%d distinct emails, want %d", len(ids), n)
	}
	for id, ms := range ids {
		if len(ms) != 1 {
			t.Errorf("%s arrived %d times", id, len(ms))
		}
	}
}
