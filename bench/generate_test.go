package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
)

func TestPlanIsDeterministic(t *testing.T) {
	a, b := NewPlan(Sizes["tiny"], 7), NewPlan(Sizes["tiny"], 7)
	if len(a.Cases) != 500 || len(a.Workers) != 20 {
		t.Fatalf("plan has %d cases, %d workers", len(a.Cases), len(a.Workers))
	}
	for i := range a.Cases {
		if a.Cases[i].Number != b.Cases[i].Number || a.Cases[i].Programs[0].Worker != b.Cases[i].Programs[0].Worker ||
			len(a.Cases[i].Persons) != len(b.Cases[i].Persons) {
			t.Fatalf("case %d differs between two plans of the same seed", i)
		}
	}
	if c := NewPlan(Sizes["tiny"], 8); c.Cases[0].Programs[0].Worker == a.Cases[0].Programs[0].Worker &&
		c.Cases[1].Programs[0].Worker == a.Cases[1].Programs[0].Worker && c.Cases[2].Status == a.Cases[2].Status &&
		c.Cases[3].Programs[0].Worker == a.Cases[3].Programs[0].Worker {
		t.Error("another seed gives the same plan")
	}
}

// TestGenerate loads a tiny dataset into a real SQLite store and checks that
// it holds every status, the worker's caseload and the customers' inboxes.
func TestGenerate(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "bench.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	plan := NewPlan(Sizes["tiny"], 1)
	hash, err := password.New().Hash(Password)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	res, err := Generate(ctx, store, plan, now, hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cases.Added != 500 || res.MessagesAdded < 2000 || res.MessagesAdded > 4000 {
		t.Fatalf("generated %+v", res)
	}
	statuses := map[emessage.Status]int{}
	for _, c := range plan.Cases {
		page, err := store.SearchMessages(ctx, emessage.MessageQuery{County: plan.Counties[c.County].Code, CaseNumber: c.Number, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page {
			statuses[m.Status]++
		}
	}
	for _, s := range emessage.Statuses {
		if statuses[s] == 0 {
			t.Errorf("no message in status %s: %v", s, statuses)
		}
	}
	// A second run over the same store adds nothing.
	again, err := Generate(ctx, store, plan, now, hash, nil)
	if err != nil || again.MessagesAdded != 0 || again.MessagesKept != res.MessagesAdded {
		t.Fatalf("second run: %+v, %v", again, err)
	}
}
