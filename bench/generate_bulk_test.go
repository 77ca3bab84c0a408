package bench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/sqlstore"
)

func openStore(t *testing.T, name string) *sqlstore.Store {
	t.Helper()
	store, _ := openStoreAt(t, name)
	return store
}

// openStoreAt is openStore, with the database file's path.
func openStoreAt(t *testing.T, name string) (*sqlstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	store, err := sqlstore.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store, path
}

// checkReferences fails the test for each row of the SQLite file at path
// whose foreign key finds no row (the bulk load writes with the checks
// off) and for any damage to its structure.
func checkReferences(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		var table, parent string
		var rowid, fk sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		if bad++; bad <= 5 {
			t.Errorf("%s row %v refers to no row of %s", table, rowid.Int64, parent)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if bad > 0 {
		t.Errorf("%d rows refer to no row", bad)
	}
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
}

// TestBulkReadsBackAsImport generates the tiny dataset through the import
// and through the bulk load, and reads both back through the service: the
// same home counts for every worker, the same records case by case (ids
// aside), and records whose thread and history agree with them.
func TestBulkReadsBackAsImport(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	plan := NewPlan(Sizes["tiny"], 3)
	imported := openStore(t, "import.db")
	bulk, bulkPath := openStoreAt(t, "bulk.db")
	ires, err := GenerateImport(ctx, imported, plan, now, "plain:x", nil)
	if err != nil {
		t.Fatal(err)
	}
	bres, err := Generate(ctx, bulk, plan, now, "plain:x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ires.MessagesAdded != bres.MessagesAdded || ires.Cases.Added != bres.Cases.Added || ires.Accounts.Added != bres.Accounts.Added {
		t.Fatalf("import wrote %+v, bulk %+v", ires, bres)
	}
	checkReferences(t, bulkPath)
	services := map[string]*emessage.Service{}
	for name, s := range map[string]*sqlstore.Store{"import": imported, "bulk": bulk} {
		svc := emessage.NewService(s, nil, nil)
		svc.Now = func() time.Time { return now }
		services[name] = svc
	}
	actor := func(s *sqlstore.Store, username string) emessage.Actor {
		w, err := s.WorkerByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return emessage.Actor{Role: emessage.RoleWorker, ID: w.ID, Username: w.Username, County: w.County,
			Rights: []string{emessage.RightView, emessage.RightSend}}
	}
	for _, w := range plan.Workers {
		a, b := actor(imported, w.Username), actor(bulk, w.Username)
		ha, err := services["import"].Home(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		hb, err := services["bulk"].Home(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if ha != hb {
			t.Errorf("home of %s: import %+v, bulk %+v", w.Username, ha, hb)
		}
		fa, fb := caseload(t, services["import"], a), caseload(t, services["bulk"], b)
		if !slices.Equal(fa, fb) {
			t.Errorf("caseload of %s: import %d records, bulk %d, or they differ", w.Username, len(fa), len(fb))
		}
	}
	busy := plan.Workers[plan.Busy].Username
	if got := caseload(t, services["bulk"], actor(bulk, busy)); len(got) < plan.Size.BusySent {
		t.Errorf("the busy sender %s holds %d records, want over %d", busy, len(got), plan.Size.BusySent)
	}
	// Spot checks: the records of some cases, with their threads and history.
	a := actor(bulk, plan.Workers[0].Username)
	checked := 0
	for ci := 0; ci < len(plan.Cases) && checked < 40; ci += 7 {
		c := plan.Cases[ci]
		a.County = plan.Counties[c.County].Code
		page, err := services["bulk"].SearchMessages(ctx, a, emessage.SearchFilter{CaseNumber: c.Number, Scope: "county", Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			checkRecord(t, services["bulk"], a, m, now)
			checked++
		}
	}
	t.Logf("%d records, busy sender %s, %d records checked", bres.MessagesAdded, busy, checked)
	if checked < 20 {
		t.Fatalf("only %d records checked", checked)
	}
}

// caseload is a worker's whole caseload as the service lists it, each
// record as what it says (not its id).
func caseload(t *testing.T, svc *emessage.Service, a emessage.Actor) []string {
	t.Helper()
	var out []string
	f := emessage.SearchFilter{Limit: 200}
	for {
		page, err := svc.SearchMessages(context.Background(), a, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			out = append(out, fmt.Sprintf("%s %s %s %s %s %s %q %s %s %s %s %v %v", m.CreatedAt.Format(time.RFC3339Nano), m.CaseNumber,
				m.PersonID, m.Type, m.ActionType, m.Direction, m.Subject, m.Status, m.Program, m.DueDate,
				m.AuthorUsername, m.AccountID != 0, m.InReplyTo != ""))
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	slices.Sort(out)
	return out
}

// checkRecord reads a record's detail and checks that it is as the service writes them.
func checkRecord(t *testing.T, svc *emessage.Service, a emessage.Actor, m *emessage.Message, now time.Time) {
	t.Helper()
	if len(m.ID) != 26 || m.ID[:10] != emessage.MessageID(m.CreatedAt, [10]byte{})[:10] || m.LegacyID != "" {
		t.Errorf("record %s (legacy %q) has no id of the service's making for %v", m.ID, m.LegacyID, m.CreatedAt)
	}
	d, err := svc.MessageDetail(context.Background(), a, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	h := d.History
	if len(h) == 0 {
		t.Fatalf("record %s has no history", m.ID)
	}
	if m.Status != emessage.StatusReceived && h[len(h)-1].Status != m.Status {
		t.Errorf("record %s is %s, its history ends %s", m.ID, m.Status, h[len(h)-1].Status)
	}
	for i, e := range h {
		if i > 0 && (!h[i-1].Status.CanMove(e.Status) || e.At.Before(h[i-1].At)) {
			t.Errorf("record %s: history %s at %v after %s at %v", m.ID, e.Status, e.At, h[i-1].Status, h[i-1].At)
		}
		if e.At.After(now) {
			t.Errorf("record %s: history at %v, after now", m.ID, e.At)
		}
		wantWorker := strings.HasPrefix(e.ByName, "Worker ")
		if (e.ByKind == "worker") != wantWorker {
			t.Errorf("record %s: history by %s %q", m.ID, e.ByKind, e.ByName)
		}
	}
	if d.Thread[0].ID != m.ThreadID || !slices.ContainsFunc(d.Thread, func(x *emessage.Message) bool { return x.ID == m.ID }) {
		t.Errorf("record %s: thread %s does not hold it", m.ID, m.ThreadID)
	}
	if m.InReplyTo != "" && d.Thread[0].Program != m.Program {
		t.Errorf("answer %s in program %s, its thread in %s", m.ID, m.Program, d.Thread[0].Program)
	}
}
