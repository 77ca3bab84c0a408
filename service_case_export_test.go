package emessage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/casefile"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestExportCase: the case file export holds every record of the case,
// archived ones too, oldest first, or one thread; it is for the case's
// county's workers with emessage.view; it is audited and reads no record.
func TestExportCase(t *testing.T) {
	testrig.ForEachDB(t, func() *emessage.ImportData {
		d := fixture.World()
		two := 2
		d.Counties[0].RetentionYears = &two
		return d
	}, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		r.Service.CaseFiles = casefile.NewWriter(nil)
		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		maria := r.MustLogin(t, "maria", fixture.Password)
		send := func(subject string) *emessage.Message {
			m, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
				Subject: subject, Body: "Body of " + subject})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		old := send("E1 archived")
		r.Clock.Add(3 * 365 * 24 * time.Hour)
		if _, err := r.Service.Archive(ctx, "ops"); err != nil {
			t.Fatal(err)
		}
		jdoe = r.MustLogin(t, "jdoe", fixture.Password)
		second := send("E2 second")
		r.Clock.Add(time.Minute)
		asked, err := r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "E3 question", Body: "Why?"})
		if err != nil {
			t.Fatal(err)
		}

		f, err := r.Service.ExportCase(ctx, jdoe, " b1 ", "")
		if err != nil || f.Name != "case-B1.pdf" || f.Records != 3 {
			t.Fatalf("export = %+v, %v", f, err)
		}
		text := testrig.MustPDFText(t, f.PDF)
		if a, b, c := strings.Index(text, "E1 archived"), strings.Index(text, "E2 second"), strings.Index(text, "E3 question"); a < 0 || a > b || b > c {
			t.Fatalf("records out of order or missing (%d %d %d):\n%s", a, b, c, text)
		}
		if !strings.Contains(text, "1. Message · Sent · Archived") || !strings.Contains(text, "Los Angeles County · Case B1") {
			t.Errorf("the export:\n%s", text)
		}
		one, err := r.Service.ExportCase(ctx, jdoe, "B1", second.ThreadID)
		if err != nil || one.Records != 1 || !strings.HasPrefix(one.Name, "case-B1-thread-") {
			t.Fatalf("one thread: %+v, %v", one, err)
		}
		if f, err := r.Service.ExportCase(ctx, jdoe, "B1", old.ThreadID); err != nil || f.Records != 1 {
			t.Fatalf("an archived thread: %+v, %v", f, err)
		}

		other, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B4", PersonID: "P7", Type: emessage.TypeMessage, Subject: "B4", Body: "b"})
		if err != nil {
			t.Fatal(err)
		}
		asmith := r.MustLogin(t, "asmith", fixture.Password) // view only: may export
		bsd := r.MustLogin(t, "bsd", fixture.Password)       // San Diego
		for _, tc := range []struct {
			name           string
			a              emessage.Actor
			number, thread string
			code           string
		}{
			{"another case's thread", jdoe, "B1", other.ThreadID, emessage.ENotFound},
			{"no such thread", jdoe, "B1", "NOPE", emessage.ENotFound},
			{"no such case", jdoe, "B99", "", emessage.ENotFound},
			{"another county's case", bsd, "B1", "", emessage.ENotFound},
			{"a customer", maria, "B1", "", emessage.EForbidden},
			{"a worker with view only", asmith, "B1", "", ""},
		} {
			_, err := r.Service.ExportCase(ctx, tc.a, tc.number, tc.thread)
			if emessage.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			}
		}

		_, trail, err := r.Service.CaseAudit(ctx, jdoe, "B1")
		if err != nil {
			t.Fatal(err)
		}
		var exports []string
		for _, e := range trail {
			if e.Action == "case.export" {
				exports = append(exports, e.Actor+": "+e.Detail)
			}
		}
		if len(exports) != 4 || exports[3] != "jdoe: PDF, 3 records" || exports[0] != "asmith: PDF, 3 records" {
			t.Errorf("case.export entries, newest first: %q", exports)
		}
		if m, err := r.Store.Message(ctx, asked.ID); err != nil || m.Status != emessage.StatusReceived {
			t.Errorf("exporting moved the customer's record: %v, %v", m.Status, err)
		}

		// One record more than an export holds: refused, and said why.
		for i := range emessage.MaxExportRecords {
			if _, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B4", PersonID: "P7", Type: emessage.TypeMessage,
				Subject: "Many", Body: strings.Repeat("x", i%7+1)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := r.Service.ExportCase(ctx, jdoe, "B4", ""); emessage.ErrorCode(err) != emessage.ETooLarge || !strings.Contains(err.Error(), "one thread at a time") {
			t.Errorf("an export of %d records: %v", emessage.MaxExportRecords+1, err)
		}

		r.Service.CaseFiles = nil
		if _, err := r.Service.ExportCase(ctx, jdoe, "B1", ""); emessage.ErrorCode(err) != emessage.EUnavailable {
			t.Errorf("without a writer: %v", err)
		}
	})
}
