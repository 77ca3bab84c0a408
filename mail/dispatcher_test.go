package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

var t0 = time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC)

func notification(id int64, email, lang string) emessage.Notification {
	return emessage.Notification{
		ID: id, MessageID: "01JMSG" + string(rune('A'+id)), AccountID: id, Email: email, Language: lang,
		Status: emessage.NotificationPending, NextAt: t0, CreatedAt: t0,
		MailID: "<mail" + string(rune('a'+id)) + "@emessage.local>",
	}
}

func dispatcher(q *memQueue, s Sender, c *testrig.Clock) *Dispatcher {
	return &Dispatcher{Store: q, Sender: s, From: "e-Messages <no-reply@emessage.local>",
		BaseURL: "https://portal.example.gov", Now: c.Now}
}

func readMails(t *testing.T, dir string) map[string]parsed {
	t.Helper()
	out := map[string]parsed{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p := mustParse(t, raw)
		out[p.Header.Get("To")] = p
	}
	return out
}

func TestDispatcherSendsInLanguageWithoutDetails(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := testrig.NewClock(t0)
	q := newQueue(notification(1, "maria@example.org", "en"), notification(2, "rosa@example.org", "es"),
		notification(3, "ana@example.org", "en"))
	sent, err := dispatcher(q, DirSender{Dir: dir}, c).RunOnce(ctx)
	if err != nil || sent != 3 {
		t.Fatalf("RunOnce = %d, %v; want 3 sent", sent, err)
	}
	for id := int64(1); id <= 3; id++ {
		if n := q.get(id); n.Status != emessage.NotificationSent || n.SentAt == nil {
			t.Errorf("notification %d: status %s, want sent", id, n.Status)
		}
	}
	mails := readMails(t, dir)
	if len(mails) != 3 {
		t.Fatalf("%d emails written, want 3", len(mails))
	}
	maria, rosa, ana := mails["<maria@example.org>"], mails["<rosa@example.org>"], mails["<ana@example.org>"]
	if got := maria.Header.Get("Message-ID"); got != "<mailb@emessage.local>" {
		t.Errorf("Message-ID = %q, want the notification's MailID", got)
	}
	if got := maria.Header.Get("Subject"); got != "You have a new message in your benefits account" {
		t.Errorf("English subject = %q", got)
	}
	if got := rosa.Header.Get("Subject"); got != "Tiene un mensaje nuevo en su cuenta de beneficios" {
		t.Errorf("Spanish subject = %q", got)
	}
	if !strings.Contains(rosa.Text, "esperándole") || !strings.Contains(rosa.HTML, `lang="es"`) {
		t.Errorf("Spanish body not in Spanish: %q", rosa.Text)
	}
	// Two customers in one language get the very same words: nothing of the
	// message, the case or the person is in the email.
	if maria.Text != ana.Text || maria.HTML != ana.HTML {
		t.Errorf("bodies differ between customers:\n%s\n%s", maria.Text, ana.Text)
	}
	for _, p := range []parsed{maria, rosa} {
		if !strings.Contains(p.Text, "https://portal.example.gov/portal/") {
			t.Errorf("no portal link in %q", p.Text)
		}
		for _, leak := range []string{"maria", "rosa", "01JMSG", "@example.org"} {
			if strings.Contains(p.Text+p.HTML, leak) {
				t.Errorf("body holds %q", leak)
			}
		}
	}

	// Nothing more to send.
	if sent, err := dispatcher(q, DirSender{Dir: dir}, c).RunOnce(ctx); sent != 0 || err != nil {
		t.Errorf("second RunOnce = %d, %v; want 0", sent, err)
	}
}

func TestDispatcherRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	c := testrig.NewClock(t0)
	q := newQueue(notification(1, "maria@example.org", "en"))
	s := &failingSender{err: errors.New("dial tcp: connection refused")}
	d := dispatcher(q, s, c)

	var waits []time.Duration
	for try := 0; try < 12; try++ {
		if sent, err := d.RunOnce(ctx); sent != 0 || err != nil {
			t.Fatalf("RunOnce = %d, %v", sent, err)
		}
		n := q.get(1)
		if n.Status != emessage.NotificationPending || n.LastError != "dial tcp: connection refused" {
			t.Fatalf("try %d: status %s, last error %q", try, n.Status, n.LastError)
		}
		waits = append(waits, n.NextAt.Sub(c.Now()))
		// Before the next try is due, nothing is claimed.
		c.Set(n.NextAt.Add(-time.Millisecond))
		d.RunOnce(ctx)
		if s.tries != try+1 {
			t.Fatalf("tried %d times before the retry was due", s.tries)
		}
		c.Set(n.NextAt)
	}
	if waits[0] > FirstRetry || waits[0] <= 0 {
		t.Errorf("first wait %v, want within %v", waits[0], FirstRetry)
	}
	for i, w := range waits {
		if w > MaxRetry {
			t.Errorf("wait %d = %v, over the cap", i, w)
		}
	}
	if waits[11] < MaxRetry/2 {
		t.Errorf("wait after 12 tries = %v, want near the cap", waits[11])
	}

	// The mail server comes back.
	s.err = nil
	if sent, _ := d.RunOnce(ctx); sent != 1 || q.get(1).Status != emessage.NotificationSent {
		t.Fatalf("after recovery: sent %d, status %s", sent, q.get(1).Status)
	}
}

func TestDispatcherGivesUp(t *testing.T) {
	ctx := context.Background()
	t.Run("after 72 hours", func(t *testing.T) {
		c := testrig.NewClock(t0.Add(GiveUpAfter + time.Second))
		q := newQueue(notification(1, "maria@example.org", "en"))
		dispatcher(q, &failingSender{err: errors.New("timeout")}, c).RunOnce(ctx)
		if n := q.get(1); n.Status != emessage.NotificationFailed {
			t.Errorf("status %s, want failed", n.Status)
		}
	})
	t.Run("permanent error", func(t *testing.T) {
		c := testrig.NewClock(t0)
		q := newQueue(notification(1, "maria@example.org", "en"))
		err := fmt.Errorf("smtp: %w", &PermanentError{errors.New("550 no such user")})
		dispatcher(q, &failingSender{err: err}, c).RunOnce(ctx)
		if n := q.get(1); n.Status != emessage.NotificationFailed || !strings.Contains(n.LastError, "550") {
			t.Errorf("status %s (%q), want failed with the cause", n.Status, n.LastError)
		}
	})
}

func TestDispatcherRunAndWake(t *testing.T) {
	dir := t.TempDir()
	q := newQueue()
	d := &Dispatcher{Store: q, Sender: DirSender{Dir: dir}, From: "no-reply@emessage.local",
		BaseURL: "http://127.0.0.1:8080", Idle: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()

	n := notification(1, "maria@example.org", "en")
	n.CreatedAt, n.NextAt = time.Now(), time.Now()
	q.add(n)
	d.Wake()
	deadline := time.Now().Add(5 * time.Second)
	for q.get(1).Status != emessage.NotificationSent {
		if time.Now().After(deadline) {
			t.Fatal("Wake did not deliver the notification")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}

// slowSender takes half a lease of the dispatcher's clock per email, and
// notes the deadline it was given.
type slowSender struct {
	c         *testrig.Clock
	lease     time.Duration
	deadlines []time.Duration
}

func (s *slowSender) Send(ctx context.Context, e *Email) error {
	d, _ := ctx.Deadline()
	s.deadlines = append(s.deadlines, time.Until(d))
	s.c.Set(s.c.Now().Add(s.lease / 2))
	return nil
}

func TestDispatcherSendsWithinLease(t *testing.T) {
	ctx := context.Background()
	c := testrig.NewClock(t0)
	q := newQueue(notification(1, "a@example.org", "en"), notification(2, "b@example.org", "en"),
		notification(3, "c@example.org", "en"))
	s := &slowSender{c: c, lease: DefaultLease}
	d := dispatcher(q, s, c)
	// The first two take the whole lease; the third is left for the next claim.
	if sent, err := d.RunOnce(ctx); sent != 2 || err != nil {
		t.Fatalf("RunOnce = %d, %v; want 2 sent within the lease", sent, err)
	}
	for i, dl := range s.deadlines {
		if dl <= 0 || dl > DefaultLease*3/4 {
			t.Errorf("send %d had %v, want at most three quarters of the lease", i, dl)
		}
	}
	if n := q.get(3); n.Status != emessage.NotificationPending {
		t.Fatalf("third: %s", n.Status)
	}
	c.Set(t0.Add(DefaultLease - time.Second))
	if sent, _ := d.RunOnce(ctx); sent != 0 {
		t.Fatal("the third was claimed again during its lease")
	}
	c.Set(t0.Add(DefaultLease + time.Second))
	if sent, _ := d.RunOnce(ctx); sent != 1 {
		t.Fatal("the third was not sent after its lease")
	}
}

func TestDispatcherReportsQueue(t *testing.T) {
	var logs lockedBuffer
	n := notification(1, "a@example.org", "en")
	n.CreatedAt, n.NextAt = time.Now(), time.Now()
	q := newQueue(n)
	d := &Dispatcher{Store: q, Sender: &failingSender{err: errors.New("connection refused")},
		From: "no-reply@emessage.local", BaseURL: "http://127.0.0.1:8080", Idle: time.Hour,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "e-Notification queue") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	out := logs.String()
	if !strings.Contains(out, `msg="e-Notification queue" pending=1 failed=0`) || !strings.Contains(out, "temporary_failures=1") {
		t.Errorf("log:\n%s", out)
	}
	if d.Counters.Temporary.Load() != 1 || d.Counters.Sent.Load() != 0 {
		t.Errorf("counters: %d temporary, %d sent", d.Counters.Temporary.Load(), d.Counters.Sent.Load())
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
