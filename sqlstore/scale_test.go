package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
)

// TestScale loads SPEC section 10's volume (1,000,000 e-Messages over 200,000
// cases and 2,000 workers) into each configured database and reports p95
// latencies of the hot reads. It is slow; run it with EMESSAGE_SCALE=1
// (EMESSAGE_SCALE_CASES=N for another size, five messages a case;
// EMESSAGE_SCALE_DB=path keeps the SQLite file).
func TestScale(t *testing.T) {
	if os.Getenv("EMESSAGE_SCALE") == "" {
		t.Skip("set EMESSAGE_SCALE=1 to run")
	}
	dbtest.ForEach(t, func(t *testing.T, url string) {
		if p := os.Getenv("EMESSAGE_SCALE_DB"); p != "" && strings.HasPrefix(url, "sqlite:") {
			url = "sqlite:" + p
		}
		testScale(t, url)
	})
}

func testScale(t *testing.T, url string) {
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases, workers, perCase := 200_000, 2_000, 5
	if n, err := strconv.Atoi(os.Getenv("EMESSAGE_SCALE_CASES")); err == nil && n > 0 {
		cases, workers = n, max(10, n/100)
	}
	if empty, _ := s.Empty(ctx); empty {
		start := time.Now()
		if err := loadScale(ctx, s, cases, workers, perCase); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: loaded %d messages in %v", s.Dialect(), cases*perCase, time.Since(start))
	}
	t.Logf("%s send: %.0f messages/s through Apply, each with history, notification and audit", s.Dialect(), sendRate(t, s, cases))
	cut := emessage.CutoffsAt(t0, time.UTC, 2, nil)
	r := rand.New(rand.NewPCG(1, 2))
	measure := func(name string, fn func() error) {
		var ds []time.Duration
		for range 500 {
			start := time.Now()
			if err := fn(); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		t.Logf("%s %-22s p50 %8v  p95 %8v  max %8v", s.Dialect(), name, ds[len(ds)/2], ds[len(ds)*95/100], ds[len(ds)-1])
	}
	measure("home counts", func() error {
		_, err := s.HomeCounts(ctx, int64(1+r.IntN(workers)), cut)
		return err
	})
	measure("search by case", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", CaseNumber: "C" + strconv.Itoa(1+r.IntN(cases)), Limit: 51})
		return err
	})
	measure("caseload", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", WorkerID: int64(1 + r.IntN(workers)), Limit: 51})
		return err
	})
	measure("caseload filtered", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", WorkerID: int64(1 + r.IntN(workers)),
			Statuses: []emessage.Status{emessage.StatusReceived, emessage.StatusRead}, Text: "a", Limit: 51})
		return err
	})
	measure("caseload overdue", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", WorkerID: int64(1 + r.IntN(workers)),
			Overdue: true, Cutoffs: cut, Limit: 51})
		return err
	})
	measure("county", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", Limit: 51})
		return err
	})
	measure("county received", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", Statuses: []emessage.Status{emessage.StatusReceived}, Limit: 51})
		return err
	})
	measure("inbox", func() error {
		_, err := s.SearchMessages(ctx, emessage.MessageQuery{AccountID: int64(1 + r.IntN(cases)), Limit: 51})
		return err
	})
}

// loadScale writes the scale data straight into the tables, in one transaction.
func loadScale(ctx context.Context, s *Store, cases, workers, perCase int) error {
	err := s.write(ctx, func(tx runner) error {
		ins := func(q string) *sql.Stmt {
			st, err := tx.db.(*sql.Tx).PrepareContext(ctx, tx.d.rebind(q))
			if err != nil {
				panic(err)
			}
			return st
		}
		tx.exec(ctx, `INSERT INTO counties (code, name, two_way) VALUES ('19', 'Los Angeles', TRUE)`)
		w := ins(`INSERT INTO workers (id, username, name, county, password_hash, rights) VALUES ($1, $2, $2, '19', 'x', 'emessage.view')`)
		for i := 1; i <= workers; i++ {
			if _, err := w.Exec(i, "w"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		a := ins(`INSERT INTO ssp_accounts (id, username, password_hash) VALUES ($1, $2, 'x')`)
		c := ins(`INSERT INTO cases (id, number, county, status) VALUES ($1, $2, '19', 'active')`)
		cp := ins(`INSERT INTO case_programs (case_id, code, worker_id) VALUES ($1, $2, $3)`)
		p := ins(`INSERT INTO persons (id, case_id, person_id, name, account_id) VALUES ($1, $1, 'P1', 'Person', $1)`)
		m := ins(`INSERT INTO messages (id, case_id, county, person_key, account_id, type, direction, subject, body,
			status, created_at, updated_at, author_kind, author_name, due_date, thread_id)
			VALUES ($1, $2, '19', $2, $2, $3, 'to_customer', $4, 'body', $5, $6, $6, 'worker', 'w', $7, $1)`)
		r := rand.New(rand.NewPCG(3, 4))
		statuses := []emessage.Status{"sent", "sent", "sent", "sent", "replied", "replied", "action_closed", "action_closed",
			"received", "read", "new_action", "action_completed"}
		for i := 1; i <= cases; i++ {
			if _, err := a.Exec(i, "a"+strconv.Itoa(i)); err != nil {
				return err
			}
			if _, err := c.Exec(i, "C"+strconv.Itoa(i)); err != nil {
				return err
			}
			cp.Exec(i, "CF", 1+i%workers)
			cp.Exec(i, "MC", 1+(i*7)%workers)
			p.Exec(i)
			for j := range perCase {
				st := statuses[r.IntN(len(statuses))]
				at := t0.Add(-time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
				typ, due := "message", any(nil)
				if st == "new_action" || st == "action_completed" || st == "action_closed" {
					typ, due = "action", at.AddDate(0, 0, 10).Format(time.DateOnly)
				}
				id := emessage.NewMessageID(at)
				if _, err := m.Exec(id, i, typ, fmt.Sprintf("Subject %d-%d about %c", i, j, 'a'+r.IntN(26)), string(st), micros(at), due); err != nil {
					return err
				}
			}
		}
		// The ids were given here: the database's own go on after them.
		for _, table := range []string{"workers", "ssp_accounts", "cases", "persons"} {
			if tx.d.resetIdentity != "" {
				if _, err := tx.exec(ctx, strings.ReplaceAll(tx.d.resetIdentity, "TABLE", table)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil && s.Dialect() == "postgres" {
		// Statistics and the visibility map, as autovacuum would leave them.
		_, err = s.writer.ExecContext(ctx, "VACUUM ANALYZE")
	}
	return err
}

// sendRate writes records as SendMessage does, from 16 goroutines.
func sendRate(t *testing.T, s *Store, cases int) float64 {
	const n, workers = 5000, 16
	start := time.Now()
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := g; i < n; i += workers {
				now := time.Now().UTC().Truncate(time.Microsecond)
				caseID := int64(1 + (i*7919)%cases)
				m := &emessage.Message{ID: emessage.NewMessageID(now), CaseID: caseID, PersonKey: caseID, AccountID: caseID,
					Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "Scale", Body: "Body",
					Status: emessage.StatusSent, CreatedAt: now, UpdatedAt: now, AuthorKind: "worker", AuthorID: 1, AuthorUsername: "w1"}
				err := s.Apply(context.Background(), &emessage.Change{
					Messages:      []*emessage.Message{m},
					Notifications: []emessage.Notification{{MessageID: m.ID, AccountID: caseID, Email: "a@example.org", Language: "en", NextAt: now, CreatedAt: now, MailID: "<" + m.ID + ">"}},
					Audit:         []emessage.AuditEntry{{At: now, ActorKind: "worker", ActorID: 1, Actor: "w1", Action: "message.create", ObjectType: "message", ObjectID: m.ID}},
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return n / time.Since(start).Seconds()
}
