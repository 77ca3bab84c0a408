package emessage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// teamWorld is programWorld where root supervises jdoe and asmith.
func teamWorld() *emessage.ImportData {
	d := programWorld()
	for i, w := range d.Workers {
		switch w.Username {
		case "jdoe", "asmith":
			d.Workers[i].Supervisor = "root"
		case "root":
			d.Workers[i].Rights = append(d.Workers[i].Rights, emessage.RightSupervise)
		}
	}
	return d
}

// TestStandIn walks SPEC section 12's out of office on each database:
// while jdoe is away, asmith's caseload and counts hold jdoe's records as
// well as asmith's own, marked by their owner, and what asmith does to
// them is audited as standing in for jdoe; before and after, nothing.
func TestStandIn(t *testing.T) {
	testrig.ForEachDB(t, teamWorld, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		jdoe, asmith := r.MustLogin(t, "jdoe", "pw"), r.MustLogin(t, "asmith", "pw")
		maria := r.MustLogin(t, "maria", "pw")
		question, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "CF",
			Subject: "About CalFresh", Body: "A question"})
		if err != nil {
			t.Fatal(err)
		}
		received := func(a emessage.Actor) int {
			t.Helper()
			h, err := svc.Home(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return h.Received
		}
		if received(asmith) != 0 {
			t.Fatal("asmith counts jdoe's question before standing in")
		}
		today := testrig.T0.Format(time.DateOnly)
		in5 := testrig.T0.AddDate(0, 0, 5).Format(time.DateOnly)
		// A period that starts tomorrow: not yet.
		tomorrow := testrig.T0.AddDate(0, 0, 1).Format(time.DateOnly)
		if _, err := svc.SetAway(ctx, jdoe, tomorrow, in5, "asmith"); err != nil {
			t.Fatal(err)
		}
		if received(asmith) != 0 {
			t.Fatal("asmith stands in before the first day")
		}
		away, err := svc.SetAway(ctx, jdoe, today, in5, "asmith")
		if err != nil || away.StandIn != "asmith" || away.From != today {
			t.Fatalf("SetAway = %+v, %v", away, err)
		}
		if got, err := svc.AwayFor(ctx, jdoe); err != nil || got != away {
			t.Fatalf("AwayFor = %+v, %v", got, err)
		}
		if received(asmith) != 1 || received(jdoe) != 1 {
			t.Fatalf("while away: asmith %d, jdoe %d; want 1 each", received(asmith), received(jdoe))
		}
		mine, err := svc.SearchMessages(ctx, asmith, emessage.SearchFilter{})
		if err != nil || len(mine.Messages) != 1 || mine.Messages[0].OwnerUsername != "jdoe" || mine.Messages[0].OwnerName != "Jane Doe" {
			t.Fatalf("asmith's caseload while standing in: %+v, %v", mine, err)
		}
		if _, err := svc.Reply(ctx, asmith, question.ID, "jdoe is away; here is the answer."); err != nil {
			t.Fatal(err)
		}
		_, trail, err := svc.MessageAudit(ctx, asmith, question.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(trail, func(e emessage.AuditEntry) bool {
			return e.Actor == "asmith" && strings.Contains(e.Detail, "standing in for jdoe")
		}) {
			t.Errorf("no audit entry of asmith standing in for jdoe: %+v", trail)
		}
		// After the last day, asmith's caseload is asmith's own again.
		r.Clock.Add(6 * 24 * time.Hour)
		if n, err := svc.SearchMessages(ctx, asmith, emessage.SearchFilter{}); err != nil || len(n.Messages) != 0 {
			t.Errorf("after the period: %d records, %v", len(n.Messages), err)
		}
		if err := svc.ClearAway(ctx, jdoe); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.AwayFor(ctx, jdoe); got.Set() {
			t.Errorf("after ClearAway: %+v", got)
		}
	})
}

// TestSetAwayRefusals: each fault named by its field, nothing saved.
func TestSetAwayRefusals(t *testing.T) {
	r := testrig.New(t, teamWorld())
	ctx := context.Background()
	jdoe := r.MustLogin(t, "jdoe", "pw")
	today := testrig.T0.Format(time.DateOnly)
	yesterday := testrig.T0.AddDate(0, 0, -1).Format(time.DateOnly)
	for _, tt := range []struct{ name, from, to, standIn, field string }{
		{"no first day", "", today, "asmith", "from"},
		{"not a date", "21/12/2026", today, "asmith", "from"},
		{"reversed", today, yesterday, "asmith", "to"},
		{"in the past", yesterday, yesterday, "asmith", "to"},
		{"no stand-in", today, today, "", "stand_in"},
		{"oneself", today, today, "jdoe", "stand_in"},
		{"another county", today, today, "bsd", "stand_in"},
		{"without send", today, today, "root", "stand_in"},
		{"nobody", today, today, "nobody", "stand_in"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Service.SetAway(ctx, jdoe, tt.from, tt.to, tt.standIn)
			if emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want invalid %s", err, tt.field)
			}
		})
	}
	if got, _ := r.Service.AwayFor(ctx, jdoe); got.Set() {
		t.Fatalf("a refused period was saved: %+v", got)
	}
}

// TestTeam: a supervisor sees each worker they supervise with the four
// counts and whether they are away, and may search their caseloads; no
// one else may.
func TestTeam(t *testing.T) {
	testrig.ForEachDB(t, teamWorld, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		root, jdoe, asmith := r.MustLogin(t, "root", "pw"), r.MustLogin(t, "jdoe", "pw"), r.MustLogin(t, "asmith", "pw")
		maria := r.MustLogin(t, "maria", "pw")
		if _, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "MC", Subject: "Hi", Body: "Medi-Cal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetAway(ctx, jdoe, testrig.T0.Format(time.DateOnly), testrig.T0.Format(time.DateOnly), "asmith"); err != nil {
			t.Fatal(err)
		}
		team, err := svc.Team(ctx, root)
		if err != nil {
			t.Fatal(err)
		}
		want := []emessage.TeamMember{
			{Username: "asmith", Name: "Al Smith", Counts: emessage.HomeCounts{Received: 1}},
			{Username: "jdoe", Name: "Jane Doe", Away: true, StandIn: "asmith"},
		}
		if !slices.Equal(team, want) {
			t.Fatalf("team = %+v, want %+v", team, want)
		}
		if _, err := svc.Team(ctx, jdoe); emessage.ErrorCode(err) != emessage.EForbidden {
			t.Errorf("a worker without emessage.supervise: %v", err)
		}
		got, err := svc.SearchMessages(ctx, root, emessage.SearchFilter{Worker: "asmith"})
		if err != nil || len(got.Messages) != 1 {
			t.Errorf("root searching asmith's caseload: %+v, %v", got, err)
		}
		if _, err := svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Worker: "asmith"}); emessage.ErrorCode(err) != emessage.EForbidden {
			t.Errorf("jdoe searching asmith's caseload: %v", err)
		}
		if _, err := svc.SearchMessages(ctx, root, emessage.SearchFilter{Worker: "bsd"}); emessage.ErrorField(err) != "worker" {
			t.Errorf("a worker of another county: %v", err)
		}
		if _, err := svc.SearchMessages(ctx, asmith, emessage.SearchFilter{Worker: "asmith"}); err != nil {
			t.Errorf("a worker's own caseload by name: %v", err)
		}
	})
}
