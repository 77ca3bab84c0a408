package emessage_test

import (
	"context"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestArchive: with a retention period of 2 years, a closed thread
// untouched for longer moves to the archive; an open one and a younger one
// stay; the archived record is found by an archived search, opens read-only,
// and refuses answers; a county without a retention period keeps all.
func TestArchive(t *testing.T) {
	testrig.ForEachDB(t, func() *emessage.ImportData {
		d := fixture.World()
		two := 2
		d.Counties[0].RetentionYears = &two
		return d
	}, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		maria := r.MustLogin(t, "maria", fixture.Password)
		old, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
			Subject: "Your renewal", Body: "It is done."})
		if err != nil {
			t.Fatal(err)
		}
		question, err := r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Open", Body: "Still waiting"})
		if err != nil {
			t.Fatal(err)
		}
		r.Clock.Add(3 * 365 * 24 * time.Hour)
		young, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
			Subject: "New", Body: "Recent"})
		if err != nil {
			t.Fatal(err)
		}
		results, err := r.Service.Archive(ctx, "ops")
		if err != nil || len(results) != 1 || results[0].County.Code != "19" || results[0].Threads != 1 || results[0].Records != 1 {
			t.Fatalf("archive = %+v, %v", results, err)
		}
		jdoe = r.MustLogin(t, "jdoe", fixture.Password)
		page, err := r.Service.SearchMessages(ctx, jdoe, emessage.SearchFilter{Scope: "county", Archived: true})
		if err != nil || len(page.Messages) != 1 || page.Messages[0].ID != old.ID {
			t.Fatalf("archived search: %+v, %v", page, err)
		}
		hot, err := r.Service.SearchMessages(ctx, jdoe, emessage.SearchFilter{Scope: "county"})
		if err != nil || len(hot.Messages) != 2 {
			t.Fatalf("search in use: %d, %v", len(hot.Messages), err)
		}
		d, err := r.Service.MessageDetail(ctx, jdoe, old.ID)
		if err != nil || !d.Message.Archived || len(d.History) != 1 {
			t.Fatalf("archived detail: %+v, %v", d, err)
		}
		if _, err := r.Service.CustomerReply(ctx, maria, old.ID, "A late answer"); emessage.ErrorCode(err) != emessage.EInvalidTransition {
			t.Fatalf("answering an archived record: %v", err)
		}
		for _, id := range []string{question.ID, young.ID} {
			if m, err := r.Store.Message(ctx, id); err != nil || m.Archived {
				t.Fatalf("%s archived: %v", id, err)
			}
		}
		if again, err := r.Service.Archive(ctx, "ops"); err != nil || again[0].Threads != 0 {
			t.Fatalf("a second run: %+v, %v", again, err)
		}
	})
}
