package sqlstore

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

func ids(ms []*emessage.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func TestSearchPagination(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var all []*emessage.Message
		for i := range 23 {
			// Groups of three records share a creation time.
			all = append(all, MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(time.Duration(i/3) * time.Minute)}))
		}
		// Newest first; ties in descending order of id.
		slices.SortFunc(all, func(a, b *emessage.Message) int {
			if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
		want := ids(all)
		for _, q := range []emessage.MessageQuery{
			{County: "19"},
			{County: "19", WorkerID: 1},
			{County: "19", CaseNumber: "B1"},
			{AccountID: 1},
		} {
			t.Run(fmt.Sprintf("%+v", q), func(t *testing.T) {
				var got []string
				q.Limit = 5
				for range 10 {
					page, err := s.SearchMessages(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, ids(page)...)
					if len(page) < q.Limit {
						break
					}
					last := page[len(page)-1]
					q.After = &emessage.Cursor{CreatedAt: last.CreatedAt, ID: last.ID}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("pages gave\n %v\nwant\n %v", got, want)
				}
			})
		}
	})
}

func TestSearchFilters(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		cut := emessage.Cutoffs{ResponseBefore: t0.Add(-48 * time.Hour), Today: "2026-11-02"}
		add := func(c, p string, typ emessage.Type, st emessage.Status, at time.Time, subject, due string) string {
			return MustAdd(t, s, msg{caseNumber: c, personID: p, typ: typ, status: st, at: at, subject: subject, due: due}).ID
		}
		day := 24 * time.Hour
		oldReceived := add("B1", "P1", "", emessage.StatusReceived, t0.Add(-5*day), "Old question", "")
		// A question about Medi-Cal, on B1, where asmith holds MC and jdoe CF:
		// it is asmith's, not jdoe's (SPEC section 11).
		newReceived := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", program: "MC", status: emessage.StatusReceived,
			at: t0.Add(-time.Hour), subject: "New 100% question"}).ID
		lateAction := add("B1", "P1", emessage.TypeAction, emessage.StatusNewAction, t0.Add(-20*day), "Send pay stubs", "2026-10-30")
		openAction := add("B4", "P7", emessage.TypeAction, emessage.StatusNewAction, t0.Add(-2*day), "Send ID", "2026-11-05")
		other := add("B2", "P1", "", emessage.StatusRead, t0.Add(-9*day), "Jose question", "")
		sent := add("B1", "P2", "", emessage.StatusSent, t0.Add(-3*day), "Under_score", "")
		sd := add("B3", "P1", "", emessage.StatusSent, t0, "San Diego", "")

		for _, tc := range []struct {
			name string
			q    emessage.MessageQuery
			want []string
		}{
			{"county", emessage.MessageQuery{County: "19"}, []string{newReceived, openAction, sent, oldReceived, other, lateAction}},
			{"other county", emessage.MessageQuery{County: "37"}, []string{sd}},
			{"caseload of jdoe", emessage.MessageQuery{County: "19", WorkerID: 1}, []string{openAction, sent, oldReceived, lateAction}},
			{"caseload of asmith", emessage.MessageQuery{County: "19", WorkerID: 2}, []string{newReceived, other}},
			{"case and caseload of asmith", emessage.MessageQuery{County: "19", WorkerID: 2, CaseNumber: "B1"}, []string{newReceived}},
			{"case and caseload of jdoe", emessage.MessageQuery{County: "19", WorkerID: 1, CaseNumber: "B1"}, []string{sent, oldReceived, lateAction}},
			{"program", emessage.MessageQuery{County: "19", Programs: []string{"MC"}}, []string{newReceived}},
			{"programs", emessage.MessageQuery{County: "19", Programs: []string{"CW", "MC"}}, []string{newReceived, openAction}},
			{"caseload in another county", emessage.MessageQuery{County: "37", WorkerID: 1}, nil},
			{"case", emessage.MessageQuery{County: "19", CaseNumber: "B4"}, []string{openAction}},
			{"case of another county", emessage.MessageQuery{County: "19", CaseNumber: "B3"}, nil},
			{"case and caseload", emessage.MessageQuery{County: "19", WorkerID: 2, CaseNumber: "B4"}, nil},
			{"person", emessage.MessageQuery{County: "19", CaseNumber: "B1", PersonID: "P2"}, []string{sent}},
			{"statuses", emessage.MessageQuery{County: "19", Statuses: []emessage.Status{emessage.StatusReceived, emessage.StatusRead}}, []string{newReceived, oldReceived, other}},
			{"one status", emessage.MessageQuery{County: "19", Statuses: []emessage.Status{emessage.StatusNewAction}}, []string{openAction, lateAction}},
			{"type", emessage.MessageQuery{County: "19", Type: emessage.TypeAction}, []string{openAction, lateAction}},
			{"dates", emessage.MessageQuery{County: "19", From: t0.Add(-5 * day), To: t0.Add(-3 * day)}, []string{oldReceived}},
			{"text", emessage.MessageQuery{County: "19", Text: "QUESTION"}, []string{newReceived, oldReceived, other}},
			{"text with %", emessage.MessageQuery{County: "19", Text: "100%"}, []string{newReceived}},
			{"text with _", emessage.MessageQuery{County: "19", Text: "r_s"}, []string{sent}},
			{"overdue", emessage.MessageQuery{County: "19", Overdue: true, Cutoffs: cut}, []string{oldReceived, other, lateAction}},
			{"overdue caseload", emessage.MessageQuery{County: "19", WorkerID: 1, Overdue: true, Cutoffs: cut}, []string{oldReceived, lateAction}},
			{"inbox of maria", emessage.MessageQuery{AccountID: 1}, []string{newReceived, openAction, oldReceived, lateAction}},
			{"inbox of jose", emessage.MessageQuery{AccountID: 2}, []string{other}},
			{"inbox of ana", emessage.MessageQuery{AccountID: 3}, []string{sd}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.q.Limit = 50
				got, err := s.SearchMessages(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), tc.want) {
					t.Fatalf("got %v, want %v", ids(got), tc.want)
				}
			})
		}
		if _, err := s.SearchMessages(ctx, emessage.MessageQuery{Limit: 5}); err == nil {
			t.Fatal("a search without county or account succeeded")
		}
	})
}

func TestHomeCounts(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		cut := emessage.Cutoffs{ResponseBefore: t0.Add(-48 * time.Hour), Today: "2026-11-02"}
		day := 24 * time.Hour
		for _, m := range []msg{
			{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived, at: t0.Add(-5 * day)}, // overdue
			{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived, at: t0},
			{caseNumber: "B4", personID: "P7", status: emessage.StatusRead, at: t0.Add(-3 * day)},                                                    // overdue
			{caseNumber: "B4", personID: "P7", typ: emessage.TypeAction, status: emessage.StatusNewAction, at: t0.Add(-20 * day), due: "2026-11-01"}, // overdue
			{caseNumber: "B4", personID: "P7", typ: emessage.TypeAction, status: emessage.StatusNewAction, at: t0, due: "2026-11-02"},
			{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusActionCompleted},
			{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(-30 * day)},
			{caseNumber: "B2", personID: "P1", status: emessage.StatusReceived, at: t0.Add(-30 * day)}, // not jdoe's
			{caseNumber: "B1", personID: "P1", program: "MC", status: emessage.StatusReceived},         // asmith's program on jdoe's case
			{caseNumber: "B3", personID: "P1", status: emessage.StatusReceived},                        // another county
		} {
			MustAdd(t, s, m)
		}
		got, err := s.HomeCounts(ctx, 1, cut)
		if err != nil {
			t.Fatal(err)
		}
		want := emessage.HomeCounts{Received: 2, Read: 1, ActionCompleted: 1, ResponseOverdue: 3}
		if got != want {
			t.Fatalf("jdoe's counts = %+v, want %+v", got, want)
		}
		// The counts match the searches the home page links to.
		for st, n := range map[emessage.Status]int{emessage.StatusReceived: 2, emessage.StatusRead: 1, emessage.StatusActionCompleted: 1} {
			ms, _ := s.SearchMessages(ctx, emessage.MessageQuery{County: "19", WorkerID: 1, Statuses: []emessage.Status{st}, Limit: 50})
			if len(ms) != n {
				t.Errorf("search %s found %d, count says %d", st, len(ms), n)
			}
		}
		if got, _ := s.HomeCounts(ctx, 99, cut); got != (emessage.HomeCounts{}) {
			t.Fatalf("unknown worker counts = %+v", got)
		}
		if has, err := s.CaseHasNew(ctx, mustCaseID(t, s, "B1")); !has || err != nil {
			t.Fatalf("CaseHasNew(B1) = %v, %v", has, err)
		}
		if has, err := s.CaseHasNew(ctx, mustCaseID(t, s, "B4")); has || err != nil {
			t.Fatalf("CaseHasNew(B4) = %v, %v", has, err)
		}
	})
}

func mustCaseID(tb testing.TB, s *Store, number string) int64 {
	c, err := s.Case(context.Background(), number)
	if err != nil {
		tb.Fatal(err)
	}
	return c.ID
}

// TestQueryPlans fails when a hot query reads the whole messages table. On
// PostgreSQL, whose planner rightly scans tables this small, sequential
// scans are priced out (enable_seqscan off): one still chosen means no index
// serves the query.
func TestQueryPlans(t *testing.T) {
	forEachSeeded(t, testQueryPlans)
}

func testQueryPlans(t *testing.T, s *Store) {
	cut := emessage.Cutoffs{ResponseBefore: t0, Today: "2026-11-02"}
	after := &emessage.Cursor{CreatedAt: t0, ID: "X"}
	// sorts is how many temporary sorts the plan may hold: the outer query
	// sorts its page; an inner sort is fine only over a caseload or an inbox.
	type plan struct {
		build func() (string, []any)
		sorts int
	}
	plans := map[string]plan{
		"home counts": {func() (string, []any) { return homeCountsSQL(1, cut) }, 0},
	}
	for name, tc := range map[string]struct {
		q     emessage.MessageQuery
		sorts int
	}{
		"search by case":            {emessage.MessageQuery{County: "19", CaseNumber: "B1", WorkerID: 1}, 1},
		"search by case, next page": {emessage.MessageQuery{County: "19", CaseNumber: "B1", After: after}, 1},
		"caseload":                  {emessage.MessageQuery{County: "19", WorkerID: 1}, 2},
		"caseload filtered":         {emessage.MessageQuery{County: "19", WorkerID: 1, Statuses: []emessage.Status{emessage.StatusReceived, emessage.StatusRead}, Text: "x", After: after}, 2},
		"caseload overdue":          {emessage.MessageQuery{County: "19", WorkerID: 1, Overdue: true, Cutoffs: cut}, 2},
		// What needs review walks only the open records (issue 18's busy sender).
		"caseload needs review": {emessage.MessageQuery{County: "19", WorkerID: 1, From: t0,
			Statuses: []emessage.Status{emessage.StatusReceived, emessage.StatusRead, emessage.StatusActionCompleted}}, 2},
		"county":           {emessage.MessageQuery{County: "19", After: after}, 1},
		"county by status": {emessage.MessageQuery{County: "19", Statuses: []emessage.Status{emessage.StatusReceived}}, 1},
		"inbox":            {emessage.MessageQuery{AccountID: 1, After: after}, 2},
	} {
		plans[name] = plan{func() (string, []any) {
			query, args, err := searchSQL(s.dialect, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			return query, args
		}, tc.sorts}
	}
	for name, p := range plans {
		t.Run(name, func(t *testing.T) {
			query, args := p.build()
			var text string
			if s.Dialect() == "postgres" {
				text = postgresPlan(t, s, query, args)
			} else {
				text = sqlitePlan(t, s, query, args)
			}
			t.Logf("plan:\n%s", text)
			if fullScan.MatchString(text) {
				t.Fatalf("full scan of messages:\n%s", text)
			}
			if name == "caseload needs review" && s.Dialect() == "sqlite" && !strings.Contains(text, "SEARCH m USING INDEX messages_open") {
				t.Fatalf("the open records not walked by messages_open:\n%s", text)
			}
			if n := strings.Count(text, "TEMP B-TREE"); n > p.sorts {
				t.Fatalf("%d sorts, want at most %d:\n%s", n, p.sorts, text)
			}
		})
	}
}

// fullScan finds a whole-table read of messages in SQLite's and PostgreSQL's plans.
var fullScan = regexp.MustCompile(`\bSCAN (messages|m)\b|Seq Scan on messages`)

func sqlitePlan(t *testing.T, s *Store, query string, args []any) string {
	rows, err := s.reader.Query("EXPLAIN QUERY PLAN "+rebind(query), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}

func postgresPlan(t *testing.T, s *Store, query string, args []any) string {
	ctx := context.Background()
	tx, err := s.reader.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("SET LOCAL enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query("EXPLAIN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}
