package sqlstore

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig/fixture"
)

func legacyMessages() []emessage.ImportMessage {
	return []emessage.ImportMessage{
		{ID: "LEGACY-1", CaseNumber: "B1", PersonID: "P1", Direction: emessage.FromCustomer, Type: emessage.TypeMessage,
			Subject: "Question", Body: "Where is my card?", Status: emessage.StatusReceived, CreatedAt: t0.Add(-48 * time.Hour)},
		{ID: "LEGACY-2", CaseNumber: "B1", PersonID: "P1", Direction: emessage.ToCustomer, Type: emessage.TypeMessage,
			Subject: "Re: Question", Body: "In the mail.", Status: emessage.StatusSent, CreatedAt: t0.Add(-24 * time.Hour),
			InReplyTo: "LEGACY-1", Author: "jdoe"},
		{ID: "LEGACY-3", CaseNumber: "B1", PersonID: "P1", Direction: emessage.ToCustomer, Type: emessage.TypeAction,
			ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200",
			Subject: "Please read", Body: "Form attached.", Status: emessage.StatusNewAction, CreatedAt: t0},
	}
}

func TestImportIdempotent(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		data := fixture.World()
		data.Messages = legacyMessages()
		res, err := s.Import(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		want := emessage.ImportResult{Counties: added(2), Workers: added(4), Accounts: added(3), Documents: added(2),
			Cases: added(4), MessagesAdded: 3}
		if res != want {
			t.Fatalf("first import = %+v, want %+v", res, want)
		}
		before := tableCounts(t, s)
		data = fixture.World()
		data.Messages = legacyMessages()
		res, err = s.Import(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		// Found as the file has them: nothing added, nothing updated.
		want = emessage.ImportResult{MessagesKept: 3}
		if res != want {
			t.Fatalf("second import = %+v, want %+v", res, want)
		}
		if after := tableCounts(t, s); !maps.Equal(before, after) {
			t.Fatalf("second import changed the counts:\n before %v\n after  %v", before, after)
		}
		if before["messages"] != 3 || before["message_history"] != 3 || before["case_programs"] != 5 || before["persons"] != 5 {
			t.Fatalf("counts after import: %v", before)
		}
	})
}

func added(n int) emessage.ImportCount { return emessage.ImportCount{Added: n} }

// TestImportCountsUpdates: an import counts as updated the rows it found
// and changed (a program moved, a worker disabled, a template's words), and
// a worker or account disabled by the file loses their sessions at once.
func TestImportCountsUpdates(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Import(ctx, fixture.World()); err != nil {
			t.Fatal(err)
		}
		jdoe, err := s.WorkerByUsername(ctx, "jdoe")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, emessage.Session{TokenHash: "h1", Role: emessage.RoleWorker, UserID: jdoe.ID,
			CreatedAt: fixture.T0, ExpiresAt: fixture.T0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		data := fixture.World()
		data.Counties[0].Name += " (renamed)"
		for i := range data.Workers {
			if data.Workers[i].Username == "jdoe" {
				data.Workers[i].Disabled = true
			}
		}
		data.Cases[0].Programs[0].Worker = "asmith"
		res, err := s.Import(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		want := emessage.ImportResult{Counties: emessage.ImportCount{Updated: 1}, Workers: emessage.ImportCount{Updated: 1},
			Cases: emessage.ImportCount{Updated: 1}}
		if res != want {
			t.Fatalf("import with changes = %+v, want %+v", res, want)
		}
		if _, _, err := s.SessionActor(ctx, "h1", fixture.T0); emessage.ErrorCode(err) != emessage.ENotFound {
			t.Fatalf("disabled worker's session: %v", err)
		}
		if n := tableCounts(t, s)["sessions"]; n != 0 {
			t.Fatalf("disabled worker keeps %d sessions", n)
		}
	})
}

// TestImportMessagePrograms: an imported record goes to the program it
// names, else its thread's, else the county's default when the case has
// it, else the case's first; a program not of the case is refused.
func TestImportMessagePrograms(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		data := fixture.World()
		data.Messages = legacyMessages()
		data.Messages[0].Program = "MC"
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{"LEGACY-1": "MC", "LEGACY-2": "MC", "LEGACY-3": "CF"} {
			if m, err := s.Message(ctx, id); err != nil || m.Program != want {
				t.Errorf("%s: program %q, %v; want %s", id, m.Program, err, want)
			}
		}
		data = fixture.World()
		data.Counties[0].DefaultProgram = "MC"
		data.Messages = []emessage.ImportMessage{legacyMessages()[2]}
		data.Messages[0].ID = "LEGACY-4"
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		if m, err := s.Message(ctx, "LEGACY-4"); err != nil || m.Program != "MC" {
			t.Errorf("with the county's default: %+v, %v", m, err)
		}
		data.Messages[0].ID, data.Messages[0].Program = "LEGACY-5", "CW"
		_, err := s.Import(ctx, data)
		if emessage.ErrorField(err) != "messages[0].program" {
			t.Fatalf("a program not of the case: %v", err)
		}
	})
}

// TestImportSupervisors: a supervisor is a worker of the same county,
// named in any order; another county's worker or an unknown one is refused.
func TestImportSupervisors(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		data := fixture.World()
		data.Workers[0].Supervisor = "root" // jdoe, listed before root
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		jdoe, _ := s.WorkerByUsername(ctx, "jdoe")
		root, _ := s.WorkerByUsername(ctx, "root")
		if jdoe.SupervisorID != root.ID {
			t.Fatalf("jdoe's supervisor %d, want root %d", jdoe.SupervisorID, root.ID)
		}
		if team, err := s.Team(ctx, root.ID); err != nil || len(team) != 1 || team[0].Username != "jdoe" {
			t.Fatalf("root's team: %+v, %v", team, err)
		}
		for _, bad := range []string{"bsd", "nobody"} {
			data.Workers[0].Supervisor = bad
			if _, err := s.Import(ctx, data); emessage.ErrorField(err) != "workers[0].supervisor" {
				t.Errorf("supervisor %s: %v", bad, err)
			}
		}
	})
}

func TestImportLegacyMessages(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		data := fixture.World()
		data.Messages = legacyMessages()
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		answer, err := s.Message(ctx, "LEGACY-2")
		if err != nil {
			t.Fatal(err)
		}
		if answer.LegacyID != "LEGACY-2" || answer.ThreadID != "LEGACY-1" || answer.InReplyTo != "LEGACY-1" ||
			answer.AuthorUsername != "jdoe" || !answer.CreatedAt.Equal(t0.Add(-24*time.Hour)) || answer.County != "19" {
			t.Fatalf("imported answer = %+v", answer)
		}
		action, err := s.Message(ctx, "LEGACY-3")
		if err != nil {
			t.Fatal(err)
		}
		if action.Document == nil || action.Document.Title != "Request for Verification" || action.DueDate != "2026-11-12" {
			t.Fatalf("imported action = %+v, document %+v", action, action.Document)
		}
		thread, err := s.Thread(ctx, "LEGACY-1")
		if err != nil || len(thread) != 2 || thread[0].ID != "LEGACY-1" {
			t.Fatalf("thread = %v, %v", thread, err)
		}
		h, err := s.History(ctx, "LEGACY-1")
		if err != nil || len(h) != 1 || h[0].Status != emessage.StatusReceived || h[0].By != "maria" || h[0].ByKind != "ssp" {
			t.Fatalf("history = %+v, %v", h, err)
		}
		h, _ = s.History(ctx, "LEGACY-2")
		if len(h) != 1 || h[0].By != "jdoe" || h[0].ByName != "Jane Doe" {
			t.Fatalf("history of the answer = %+v", h)
		}
		h, _ = s.History(ctx, "LEGACY-3")
		if len(h) != 1 || h[0].By != "import" {
			t.Fatalf("history without author = %+v", h)
		}

		// A changed record in the file does not overwrite the kept one.
		data = fixture.World()
		data.Messages = legacyMessages()
		data.Messages[0].Subject = "Changed"
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.Message(ctx, "LEGACY-1"); m.Subject != "Question" {
			t.Fatalf("kept record changed to %q", m.Subject)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		breakIt     func(d *emessage.ImportData)
	}{
		{"unknown worker in the last case", "cases[3].programs[0].worker", func(d *emessage.ImportData) {
			d.Cases[3].Programs[0].Worker = "nobody"
		}},
		{"unknown account", "cases[3].persons[0].ssp_account", func(d *emessage.ImportData) {
			d.Cases[3].Persons[0].SSPAccount = "nobody"
		}},
		{"unknown county", "workers[3].county", func(d *emessage.ImportData) { d.Workers[3].County = "99" }},
		{"unknown reply", "messages[2].in_reply_to", func(d *emessage.ImportData) {
			d.Messages = legacyMessages()
			d.Messages[2].InReplyTo = "LEGACY-404"
		}},
		{"unknown person", "messages[2].person_id", func(d *emessage.ImportData) {
			d.Messages = legacyMessages()
			d.Messages[2].PersonID = "P9"
		}},
		{"worker and account share a username", "ssp_accounts[1].username", func(d *emessage.ImportData) {
			d.Accounts[1].Username = "asmith"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachStore(t, func(t *testing.T, s *Store) {
				data := fixture.World()
				tc.breakIt(data)
				_, err := s.Import(context.Background(), data)
				if err == nil {
					t.Fatal("import succeeded")
				}
				if emessage.ErrorField(err) != tc.field {
					t.Fatalf("error %v names field %q, want %q", err, emessage.ErrorField(err), tc.field)
				}
				for table, n := range tableCounts(t, s) {
					if n != 0 {
						t.Errorf("table %s has %d rows after a failed import", table, n)
					}
				}
			})
		})
	}
}

func TestImportUpdatesInPlace(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		MustAdd(t, s, msg{caseNumber: "B2", personID: "P1", status: emessage.StatusSent})
		data := &emessage.ImportData{
			Counties: []emessage.ImportCounty{{Code: "19", Name: "LA County", TwoWay: false}},
			Cases: []emessage.ImportCase{{Number: "B2", County: "37", Status: emessage.CaseDiscontinued,
				Programs: []emessage.ImportProgram{{Code: "MC", Worker: "jdoe"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "José Ruiz"}}}},
		}
		if _, err := s.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		c, err := s.County(ctx, "19")
		if err != nil || c.Name != "LA County" || c.TwoWay || c.ResponseBusinessDays != 2 {
			t.Fatalf("county = %+v, %v", c, err)
		}
		b2, err := s.Case(ctx, "B2")
		if err != nil {
			t.Fatal(err)
		}
		if b2.County != "37" || b2.Status != emessage.CaseDiscontinued || len(b2.Programs) != 1 ||
			b2.Programs[0].Code != "MC" || b2.Programs[0].WorkerUsername != "jdoe" ||
			len(b2.Persons) != 1 || b2.Persons[0].Name != "José Ruiz" || b2.Persons[0].Linked() {
			t.Fatalf("case after update = %+v", b2)
		}
		// The moved case's records moved with it.
		got, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "37", Limit: 10})
		if err != nil || len(got) != 1 || got[0].County != "37" {
			t.Fatalf("records of county 37 = %v, %v", got, err)
		}
	})
}
