package emessage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestHolidayMovesOverdue: a county holiday is no business day, so a
// customer's message waiting over it becomes overdue a day later, in the
// record's mark, the home counts and the overdue search alike (SPEC 13).
func TestHolidayMovesOverdue(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		jdoe := r.MustLogin(t, "jdoe", "pw")
		maria := r.MustLogin(t, "maria", "pw")
		// Monday 15:00, on jdoe's CF; two business days to answer.
		m, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "CF",
			Subject: "My interview", Body: "Can we move it?"})
		if err != nil {
			t.Fatal(err)
		}
		r.Clock.Set(t0.Add(48*time.Hour + time.Hour)) // Wednesday 16:00
		overdue := func() (mark bool, home int, found int) {
			t.Helper()
			got, err := r.Store.Message(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			h, err := svc.Home(ctx, jdoe)
			if err != nil {
				t.Fatal(err)
			}
			page, err := svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Overdue: true})
			if err != nil {
				t.Fatal(err)
			}
			return svc.Overdue(got), h.ResponseOverdue, len(page.Messages)
		}
		if mark, home, found := overdue(); !mark || home != 1 || found != 1 {
			t.Fatalf("without holidays on Wednesday: overdue %v, home %d, search %d; want true, 1, 1", mark, home, found)
		}

		// Tuesday is Election Day: the window runs to Thursday.
		world := fixture.World()
		world.Counties[0].Holidays = []string{"2026-12-25", "2026-11-03"}
		r.MustImport(t, world)
		county, err := r.Store.County(ctx, "19")
		if err != nil || len(county.Holidays) != 2 || county.Holidays[0] != "2026-11-03" {
			t.Fatalf("county 19 = %+v, %v; want its two holidays, sorted", county, err)
		}
		if mark, home, found := overdue(); mark || home != 0 || found != 0 {
			t.Fatalf("with Tuesday a holiday, on Wednesday: overdue %v, home %d, search %d; want false, 0, 0", mark, home, found)
		}
		r.Clock.Set(t0.Add(72*time.Hour + time.Hour)) // Thursday 16:00
		if mark, home, found := overdue(); !mark || home != 1 || found != 1 {
			t.Fatalf("with Tuesday a holiday, on Thursday: overdue %v, home %d, search %d; want true, 1, 1", mark, home, found)
		}

		// A county listed again without holidays keeps them; [] clears them.
		r.MustImport(t, fixture.World())
		if c, _ := r.Store.County(ctx, "19"); len(c.Holidays) != 2 {
			t.Errorf("holidays after an import that leaves them out: %v, want kept", c.Holidays)
		}
		world.Counties[0].Holidays = []string{}
		r.MustImport(t, world)
		if c, _ := r.Store.County(ctx, "19"); len(c.Holidays) != 0 {
			t.Errorf("holidays after an import of []: %v, want none", c.Holidays)
		}
	})
}

// TestActionDueDays: an action sent or imported without a due date is due
// the county's action_due_days after sending (10 when the county sets none).
func TestActionDueDays(t *testing.T) {
	world := func() *emessage.ImportData {
		d := fixture.World()
		days := 14
		d.Counties[0].ActionDueDays = &days
		return d
	}
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		jdoe := r.MustLogin(t, "jdoe", "pw")
		send := func(due string) *emessage.Message {
			t.Helper()
			m, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
				Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, DueDate: due,
				Subject: "Pay stubs", Body: "Please upload your pay stubs."})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		if m := send(""); m.DueDate != "2026-11-16" { // Monday 2026-11-02 + 14
			t.Errorf("default due date = %s, want 2026-11-16 (14 days)", m.DueDate)
		}
		if m := send("2026-11-05"); m.DueDate != "2026-11-05" {
			t.Errorf("chosen due date = %s, want 2026-11-05", m.DueDate)
		}
		c, err := r.Store.County(ctx, "37")
		if err != nil || c.ActionDueDays != emessage.DefaultDueDays {
			t.Errorf("a county without the setting: %+v, %v; want %d days", c, err, emessage.DefaultDueDays)
		}

		// An imported action without a due date: 14 days after it was made.
		r.MustImport(t, &emessage.ImportData{Messages: []emessage.ImportMessage{{
			ID: "OLD-1", CaseNumber: "B1", PersonID: "P1", Direction: emessage.ToCustomer,
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Status: emessage.StatusNewAction,
			Subject: "ID", Body: "Please upload an ID.", CreatedAt: t0.AddDate(0, 0, -3),
		}}})
		if m, err := r.Store.Message(ctx, "OLD-1"); err != nil || m.DueDate != "2026-11-13" {
			t.Errorf("imported action: %+v, %v; want due 2026-11-13", m, err)
		}
	})
}

// TestImportTemplates: a county's templates are imported, matched by code
// and language on the next import and updated in place; a county listed
// with templates has just those, one listed without keeps its own.
func TestImportTemplates(t *testing.T) {
	world := func() *emessage.ImportData { return fixture.WithTemplates(fixture.World()) }
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		titles := func() map[string]string {
			t.Helper()
			ts, err := r.Store.Templates(ctx, "19", "")
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, tp := range ts {
				out[tp.Code+"/"+tp.Language] = tp.Title
			}
			return out
		}
		if got := titles(); len(got) != 3 || got["INTERVIEW/es"] != "Cita de entrevista" {
			t.Fatalf("imported templates: %v", got)
		}
		if ts, _ := r.Store.Templates(ctx, "37", ""); len(ts) != 0 {
			t.Fatalf("San Diego holds Los Angeles' templates: %+v", ts)
		}
		again := world()
		again.Counties[0].Templates[1].Title = "Su cita"
		again.Counties[0].Templates = again.Counties[0].Templates[:2] // DOCS is gone
		r.MustImport(t, again)
		if got := titles(); len(got) != 2 || got["INTERVIEW/es"] != "Su cita" || got["DOCS/en"] != "" {
			t.Fatalf("after an import that changes one and drops DOCS: %v", got)
		}
		r.MustImport(t, fixture.World()) // no "templates": kept
		if got := titles(); len(got) != 2 {
			t.Fatalf("after an import without templates: %v", got)
		}
	})
}

// TestTemplatesForCustomer: the Detail form lists the templates in the
// language of the chosen person's SSP account first.
func TestTemplatesForCustomer(t *testing.T) {
	world := func() *emessage.ImportData { return fixture.WithTemplates(fixture.World()) }
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		jdoe := r.MustLogin(t, "jdoe", "pw")
		sum, err := r.Service.CaseSummary(ctx, jdoe, "B1")
		if err != nil {
			t.Fatal(err)
		}
		order := func(personID string) (out []string) {
			t.Helper()
			ts, err := r.Service.TemplatesFor(ctx, jdoe, sum.Case, personID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tp := range ts {
				out = append(out, tp.Code+"/"+tp.Language)
			}
			return out
		}
		for _, tt := range []struct{ person, want string }{
			{"P1", "[INTERVIEW/es DOCS/en INTERVIEW/en]"}, // maria reads Spanish
			{"P2", "[DOCS/en INTERVIEW/en INTERVIEW/es]"}, // no account: English first, by title
			{"", "[DOCS/en INTERVIEW/en INTERVIEW/es]"},
		} {
			if got := fmt.Sprint(order(tt.person)); got != tt.want {
				t.Errorf("templates for %q: %s, want %s", tt.person, got, tt.want)
			}
		}
		asmith := r.MustLogin(t, "asmith", "pw") // view only
		_, err = r.Service.TemplatesFor(ctx, asmith, sum.Case, "P1")
		wantCode(t, err, emessage.EForbidden)
	})
}
