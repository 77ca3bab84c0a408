package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

const mariaPhone = "+12135550142"

// mustQueueText queues a text to username's account at at for record
// messageID, and returns it as Apply left it (folded or not).
func mustQueueText(tb testing.TB, s *Store, username, messageID string, at time.Time) emessage.Text {
	tb.Helper()
	acct, err := s.AccountByUsername(context.Background(), username)
	if err != nil {
		tb.Fatal(err)
	}
	ch := &emessage.Change{Texts: []emessage.Text{{AccountID: acct.ID, Phone: mariaPhone, Language: "es",
		MessageID: messageID, NextAt: at, CreatedAt: at}}}
	if err := s.Apply(context.Background(), ch); err != nil {
		tb.Fatal(err)
	}
	return ch.Texts[0]
}

func mustTexts(tb testing.TB, s *Store, username string) []emessage.Text {
	tb.Helper()
	acct, err := s.AccountByUsername(context.Background(), username)
	if err != nil {
		tb.Fatal(err)
	}
	texts, err := s.Texts(context.Background(), acct.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}

// TestTextFolding: a text waiting takes in the records written meanwhile;
// once sent, so does it for FoldWindow; after that a record queues a text
// of its own.
func TestTextFolding(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		first := mustQueueText(t, s, "maria", "M1", t0)
		second := mustQueueText(t, s, "maria", "M2", t0.Add(time.Minute))
		third := mustQueueText(t, s, "maria", "M3", t0.Add(2*time.Minute))
		if second.ID != first.ID || third.ID != first.ID {
			t.Fatalf("a burst queued texts %d, %d, %d; want one", first.ID, second.ID, third.ID)
		}
		texts := mustTexts(t, s, "maria")
		if len(texts) != 1 || texts[0].Folded != 2 || texts[0].MessageID != "M1" || texts[0].Phone != mariaPhone || texts[0].Language != "es" {
			t.Fatalf("texts after a burst: %+v", texts)
		}
		now := t0.Add(3 * time.Minute)
		got, err := s.ClaimTexts(ctx, now, now.Add(time.Minute), 10)
		if err != nil || len(got) != 1 || got[0].LeasedUntil == nil {
			t.Fatalf("claimed %+v, %v", got, err)
		}
		if again, _ := s.ClaimTexts(ctx, now, now.Add(time.Minute), 10); len(again) != 0 {
			t.Fatalf("claimed a leased text again: %+v", again)
		}
		if err := s.TextSent(ctx, got[0].ID, now); err != nil {
			t.Fatal(err)
		}
		// Sent 9 minutes ago: folded. Sent 10 minutes ago: a new text.
		if x := mustQueueText(t, s, "maria", "M4", now.Add(9*time.Minute)); x.ID != first.ID || x.State != emessage.TextSent {
			t.Fatalf("a record 9 minutes after the text queued %+v", x)
		}
		if x := mustQueueText(t, s, "maria", "M5", now.Add(emessage.FoldWindow)); x.ID == first.ID || x.State != emessage.TextPending {
			t.Fatalf("a record 10 minutes after the text queued %+v", x)
		}
		if texts := mustTexts(t, s, "maria"); len(texts) != 2 || texts[0].Folded != 3 {
			t.Fatalf("texts: %+v", texts)
		}
		// Another account's text is its own.
		if x := mustQueueText(t, s, "jose", "M6", now.Add(emessage.FoldWindow)); x.ID == first.ID || len(mustTexts(t, s, "jose")) != 1 {
			t.Fatalf("jose's text: %+v", x)
		}
	})
}

// TestTextFoldingConcurrently: records written at once for one account
// queue one text between them.
func TestTextFoldingConcurrently(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() { mustQueueText(t, s, "maria", "M"+string(rune('A'+i)), t0) })
		}
		wg.Wait()
		if texts := mustTexts(t, s, "maria"); len(texts) != 1 || texts[0].Folded != 7 {
			t.Fatalf("8 records at once queued %+v", texts)
		}
	})
}

func TestTextRetryHoldAndCounts(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tx := mustQueueText(t, s, "maria", "M1", t0)
		got, _ := s.ClaimTexts(ctx, t0, t0.Add(time.Minute), 10)
		if len(got) != 1 {
			t.Fatalf("claimed %+v", got)
		}
		if err := s.TextRetry(ctx, tx.ID, t0.Add(time.Hour), "the provider answered 500", false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimTexts(ctx, t0.Add(time.Minute), t0.Add(2*time.Minute), 10); len(got) != 0 {
			t.Fatalf("claimed a text before its retry: %+v", got)
		}
		later := t0.Add(time.Hour)
		got, _ = s.ClaimTexts(ctx, later, later.Add(time.Minute), 10)
		if len(got) != 1 || got[0].Attempts != 1 || got[0].LastError != "the provider answered 500" {
			t.Fatalf("claimed %+v", got)
		}
		// Held for the morning: claimable again then, no try counted.
		morning := later.Add(10 * time.Hour)
		if err := s.TextHold(ctx, tx.ID, morning); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimTexts(ctx, morning.Add(-time.Second), morning, 10); len(got) != 0 {
			t.Fatalf("claimed a held text before its time: %+v", got)
		}
		got, _ = s.ClaimTexts(ctx, morning, morning.Add(time.Minute), 10)
		if len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("claimed %+v", got)
		}
		if pending, failed, err := s.TextCounts(ctx); err != nil || pending != 1 || failed != 0 {
			t.Fatalf("counts %d pending, %d failed, %v", pending, failed, err)
		}
		if err := s.TextRetry(ctx, tx.ID, morning, "refused", true); err != nil {
			t.Fatal(err)
		}
		if pending, failed, err := s.TextCounts(ctx); err != nil || pending != 0 || failed != 1 {
			t.Fatalf("counts %d pending, %d failed, %v", pending, failed, err)
		}
		wantCode(t, s.TextSent(ctx, 999, morning), emessage.ENotFound)
	})
}

// TestTextsStopAndStart: STOP turns texts off for every account of the
// phone, marks them stopped and calls off the text waiting; START turns
// them on again; each change is audited; a settings change that turns
// texts on clears the mark.
func TestTextsStopAndStart(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, name := range []string{"maria", "jose"} {
			acct, err := s.AccountByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			acct.Phone, acct.SMSNotification = mariaPhone, true
			if err := s.UpdateAccount(ctx, acct, emessage.AuditEntry{At: t0, ActorKind: "ssp", Actor: name, Action: "account.update", ObjectType: "account", ObjectID: name}); err != nil {
				t.Fatal(err)
			}
		}
		mustQueueText(t, s, "maria", "M1", t0)
		entry := emessage.AuditEntry{At: t0, ActorKind: "sms", Actor: mariaPhone, Action: "account.texts_stop", ObjectType: "account", Detail: "answered STOP"}
		names, err := s.SetTextsByPhone(ctx, mariaPhone, false, entry)
		if err != nil || len(names) != 2 || names[0] != "jose" || names[1] != "maria" {
			t.Fatalf("STOP changed %v, %v", names, err)
		}
		maria, _ := s.AccountByUsername(ctx, "maria")
		if maria.SMSNotification || !maria.SMSStopped || maria.Phone != mariaPhone {
			t.Fatalf("maria after STOP: %+v", maria)
		}
		if texts := mustTexts(t, s, "maria"); texts[0].State != emessage.TextFailed {
			t.Fatalf("the waiting text after STOP: %+v", texts)
		}
		trail, err := s.AuditTrail(ctx, "account", "maria")
		if err != nil || len(trail) == 0 || trail[len(trail)-1].Action != "account.texts_stop" {
			t.Fatalf("maria's audit trail: %+v, %v", trail, err)
		}
		// STOP again changes nothing.
		if names, err := s.SetTextsByPhone(ctx, mariaPhone, false, entry); err != nil || len(names) != 0 {
			t.Fatalf("a second STOP changed %v, %v", names, err)
		}
		entry.Action = "account.texts_start"
		if names, err := s.SetTextsByPhone(ctx, mariaPhone, true, entry); err != nil || len(names) != 2 {
			t.Fatalf("START changed %v, %v", names, err)
		}
		maria, _ = s.AccountByUsername(ctx, "maria")
		if !maria.SMSNotification || maria.SMSStopped {
			t.Fatalf("maria after START: %+v", maria)
		}
		// Stopped, then turned on in the settings: no longer stopped.
		s.SetTextsByPhone(ctx, mariaPhone, false, entry)
		maria, _ = s.AccountByUsername(ctx, "maria")
		maria.SMSNotification = true
		if err := s.UpdateAccount(ctx, maria, emessage.AuditEntry{At: t0, ActorKind: "ssp", Actor: "maria", Action: "account.update", ObjectType: "account", ObjectID: "maria"}); err != nil {
			t.Fatal(err)
		}
		if maria, _ = s.AccountByUsername(ctx, "maria"); !maria.SMSNotification || maria.SMSStopped {
			t.Fatalf("maria turned texts on again: %+v", maria)
		}
	})
}

// TestImportTexts: import takes phone and sms_notification; left out,
// they keep the account's; an import does not undo a STOP.
func TestImportTexts(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		phone, on := mariaPhone, true
		data := &emessage.ImportData{Accounts: []emessage.ImportAccount{{Username: "maria", Email: "maria@example.org",
			ENotification: true, Language: "es", Phone: &phone, SMSNotification: &on}}}
		mustImport(t, s, data)
		maria, _ := s.AccountByUsername(ctx, "maria")
		if maria.Phone != mariaPhone || !maria.SMSNotification {
			t.Fatalf("maria after import: %+v", maria)
		}
		res, err := s.Import(ctx, data)
		if err != nil || res.Accounts.Updated != 0 {
			t.Fatalf("the same import again: %+v, %v", res.Accounts, err)
		}
		data.Accounts[0].Phone, data.Accounts[0].SMSNotification = nil, nil
		if res, err := s.Import(ctx, data); err != nil || res.Accounts.Updated != 0 {
			t.Fatalf("an import without the fields: %+v, %v", res.Accounts, err)
		}
		if maria, _ = s.AccountByUsername(ctx, "maria"); maria.Phone != mariaPhone || !maria.SMSNotification {
			t.Fatalf("an import without the fields changed them: %+v", maria)
		}
		s.SetTextsByPhone(ctx, mariaPhone, false, emessage.AuditEntry{At: t0, ActorKind: "sms", Actor: mariaPhone, Action: "account.texts_stop", ObjectType: "account"})
		data.Accounts[0].SMSNotification = &on
		mustImport(t, s, data)
		if maria, _ = s.AccountByUsername(ctx, "maria"); maria.SMSNotification || !maria.SMSStopped {
			t.Fatalf("an import turned texts on after STOP: %+v", maria)
		}
	})
}
