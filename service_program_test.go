package emessage_test

import (
	"context"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// programWorld is fixture.World where asmith may send too, so that both
// workers of B1 (CF jdoe, MC asmith) write on it.
func programWorld() *emessage.ImportData {
	d := fixture.World()
	for i := range d.Workers {
		if d.Workers[i].Username == "asmith" {
			d.Workers[i].Rights = []string{emessage.RightView, emessage.RightSend}
		}
	}
	return d
}

// TestProgramsOwnRecords walks SPEC section 11 on each database: which
// program a worker's and a customer's record goes to, that answers stay in
// the thread's program, that a caseload and its counts hold the records of
// the worker's programs only, and that reassigning a program moves them.
func TestProgramsOwnRecords(t *testing.T) {
	testrig.ForEachDB(t, programWorld, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		jdoe := r.MustLogin(t, "jdoe", "pw")
		asmith := r.MustLogin(t, "asmith", "pw")
		maria := r.MustLogin(t, "maria", "pw")
		send := func(a emessage.Actor, program string) *emessage.Message {
			t.Helper()
			m, err := svc.SendMessage(ctx, a, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Program: program,
				Type: emessage.TypeMessage, Subject: "Hello", Body: "Body"})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		// A worker's record: their own program on the case, or the one named.
		if m := send(jdoe, ""); m.Program != "CF" {
			t.Errorf("jdoe's record went to %q, want CF (jdoe's program on B1)", m.Program)
		}
		if m := send(asmith, ""); m.Program != "MC" {
			t.Errorf("asmith's record went to %q, want MC (asmith's program on B1)", m.Program)
		}
		if m := send(jdoe, "MC"); m.Program != "MC" {
			t.Errorf("a record named MC went to %q", m.Program)
		}
		_, err := svc.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Program: "CW",
			Type: emessage.TypeMessage, Subject: "Hello", Body: "Body"})
		if emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != "program" {
			t.Errorf("a program not of the case: %v", err)
		}

		// A customer's record: the one named, or the case's first when not sure.
		write := func(program string) (*emessage.Message, error) {
			return svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: program,
				Subject: "A question", Body: "About my benefits"})
		}
		about, err := write("MC")
		if err != nil || about.Program != "MC" {
			t.Fatalf("about Medi-Cal: %+v, %v", about, err)
		}
		if m, err := write(""); err != nil || m.Program != "CF" {
			t.Errorf("not sure: %+v, %v; want CF, the case's first", m, err)
		}
		if _, err := write("XX"); emessage.ErrorField(err) != "program" {
			t.Errorf("a program not of the case: %v", err)
		}

		// The Medi-Cal question counts for asmith, not for jdoe who holds CF.
		count := func(a emessage.Actor) int {
			t.Helper()
			h, err := svc.Home(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return h.Received
		}
		if j, a := count(jdoe), count(asmith); j != 1 || a != 1 {
			t.Errorf("received: jdoe %d, asmith %d; want 1 each (CF's and MC's question)", j, a)
		}
		mine, err := svc.SearchMessages(ctx, asmith, emessage.SearchFilter{Statuses: []emessage.Status{emessage.StatusReceived}})
		if err != nil || len(mine.Messages) != 1 || mine.Messages[0].ID != about.ID {
			t.Fatalf("asmith's received: %+v, %v", mine, err)
		}
		byProgram, err := svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Scope: "county", Programs: []string{"MC"}})
		if err != nil || len(byProgram.Messages) != 3 {
			t.Errorf("county search for MC found %d, %v; want 3", len(byProgram.Messages), err)
		}
		if _, err := svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Programs: []string{"cf; DROP"}}); emessage.ErrorField(err) != "program" {
			t.Errorf("a filter that is no program code: %v", err)
		}

		// asmith's answer stays in Medi-Cal, whoever writes it.
		reply, err := svc.Reply(ctx, asmith, about.ID, "We will look into it.")
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.MessageDetail(ctx, asmith, reply.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range d.Thread {
			if m.Program != "MC" {
				t.Errorf("thread record %s (%s) is in %q, want MC", m.ID, m.Subject, m.Program)
			}
		}

		// Medi-Cal moves to jdoe: its records follow, nothing rewritten.
		moved := programWorld()
		moved.Cases[0].Programs[1].Worker = "jdoe"
		r.MustImport(t, moved)
		if j, a := count(jdoe), count(asmith); j != 1 || a != 0 {
			// the MC question was answered (replied); jdoe's CF question stays received
			t.Errorf("after the move, received: jdoe %d, asmith %d; want 1, 0", j, a)
		}
		mine, err = svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Programs: []string{"MC"}})
		if err != nil || len(mine.Messages) != 4 { // three sent or written, and the answer
			t.Errorf("jdoe's MC records after the move: %d, %v; want 4", len(mine.Messages), err)
		}
	})
}

// TestCountyDefaultProgram: a customer not sure what a message is about
// writes to the county's default program when the case has it.
func TestCountyDefaultProgram(t *testing.T) {
	world := func() *emessage.ImportData {
		d := programWorld()
		d.Counties[0].DefaultProgram = "MC"
		return d
	}
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		maria := r.MustLogin(t, "maria", "pw")
		for number, want := range map[string]string{"B1": "MC", "B4": "CW"} { // B4 has no MC: its first
			m, err := r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: number, Subject: "Hi", Body: "Hello"})
			if err != nil || m.Program != want {
				t.Errorf("%s: %+v, %v; want %s", number, m, err, want)
			}
		}
	})
}

// TestShowsMyEmessages: the home page's section is for workers with
// emessage.view in a two-way county who hold a program.
func TestShowsMyEmessages(t *testing.T) {
	r := testrig.New(t, fixture.World())
	for user, want := range map[string]bool{"jdoe": true, "asmith": true, "root": false, "bsd": false} {
		got, err := r.Service.ShowsMyEmessages(context.Background(), r.MustLogin(t, user, "pw"))
		if err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", user, got, err, want)
		}
	}
}
