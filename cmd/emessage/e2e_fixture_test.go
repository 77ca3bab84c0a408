package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sqlstore"
)

// The fixture: county 01 is two-way, county 02 is not. ana (English, opted
// in) and ben (Spanish, opted in) are the two customers; carl has no email.
const fixturePassword = "Correct-Horse-42"

func fixture(now time.Time) map[string]any {
	day := func(d int) string { return now.AddDate(0, 0, d).UTC().Format(time.RFC3339) }
	rights := []string{"emessage.view", "emessage.send"}
	return map[string]any{
		"counties": []map[string]any{
			{"code": "01", "name": "Alameda", "two_way": true, "response_business_days": 2},
			{"code": "02", "name": "Butte", "two_way": false},
		},
		"workers": []map[string]any{
			{"username": "wanda", "name": "Wanda Worker", "county": "01", "password": fixturePassword, "rights": rights},
			{"username": "victor", "name": "Victor Viewer", "county": "01", "password": fixturePassword, "rights": []string{"emessage.view"}},
			{"username": "nora", "name": "Nora Norights", "county": "01", "password": fixturePassword, "rights": []string{}},
			{"username": "otto", "name": "Otto Other", "county": "01", "password": fixturePassword, "rights": rights},
			{"username": "bea", "name": "Bea Butte", "county": "02", "password": fixturePassword, "rights": rights},
		},
		"ssp_accounts": []map[string]any{
			{"username": "ana", "password": fixturePassword, "email": "ana@example.org", "e_notification": true, "language": "en"},
			{"username": "ben", "password": fixturePassword, "email": "ben@example.org", "e_notification": true, "language": "es"},
			{"username": "carl", "password": fixturePassword, "email": "", "e_notification": false, "language": "en"},
		},
		"documents": []map[string]any{
			{"code": "CW2200", "title": "Request for Verification", "ssp_sendable": true, "pdf": "forms/cw2200.pdf"},
			{"code": "SAR7", "title": "Eligibility Status Report", "ssp_sendable": false, "pdf": "forms/sar7.pdf"},
		},
		"cases": []map[string]any{
			{"number": "A0000001", "county": "01", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "wanda"}, {"code": "MC", "worker": "wanda"}},
				"persons": []map[string]any{
					{"id": "P1", "name": "Ana Alvarez", "ssp_account": "ana"},
					{"id": "P2", "name": "Pablo Alvarez"},
				}},
			{"number": "A0000002", "county": "01", "status": "discontinued",
				"programs": []map[string]any{{"code": "CW", "worker": "wanda"}},
				"persons":  []map[string]any{{"id": "P3", "name": "Ana Alvarez", "ssp_account": "ana"}}},
			{"number": "A0000003", "county": "01", "status": "pending",
				"programs": []map[string]any{{"code": "CF", "worker": "otto"}},
				"persons":  []map[string]any{{"id": "P4", "name": "Carl Cruz", "ssp_account": "carl"}}},
			{"number": "B0000001", "county": "02", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "bea"}},
				"persons":  []map[string]any{{"id": "P1", "name": "Benito Baca", "ssp_account": "ben"}}},
		},
		"messages": []map[string]any{
			{"id": "LEGACY-1", "case_number": "A0000001", "person_id": "P1", "direction": "from_customer", "type": "message",
				"subject": "Old question", "body": "Carried over from the old system.", "status": "received", "created_at": day(-20)},
		},
	}
}

// writeFixture writes the import file and its forms; it returns the file's path.
func writeFixture(t testing.TB, dir string, now time.Time) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "forms"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, title := range map[string]string{"cw2200.pdf": "Request for Verification", "sar7.pdf": "SAR 7"} {
		if err := os.WriteFile(filepath.Join(dir, "forms", name), testrig.PDF(title), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.MarshalIndent(fixture(now), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "import.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustImport runs "emessage import" of file into the database at db.
func mustImport(tb testing.TB, db, file string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	if code := run(tb.Context(), []string{"import", "--db", db, file}, &out, &errOut); code != 0 {
		tb.Fatalf("import %s: exit %d: %s", filepath.Base(file), code, errOut.String())
	}
}

// mustImportFixture writes the fixture (dated from now) into dir and
// imports it into the database at db; it returns the import file's path.
func mustImportFixture(tb testing.TB, dir, db string) string {
	tb.Helper()
	file := writeFixture(tb, dir, time.Now())
	mustImport(tb, db, file)
	return file
}

// fixtureTemplate is the fixture imported once for the test binary, for
// mustFixtureCopy to copy: importing hashes every password with argon2id,
// slow on purpose.
var fixtureTemplate struct {
	once sync.Once
	dir  string
	db   string // a SQLite database holding the fixture
	file string // its import file
	err  error
}

// mustFixtureCopy copies the fixture, imported once, into the new database
// at db (any dialect; see sqlstore.Copy); it returns the import file's path.
func mustFixtureCopy(tb testing.TB, db string) string {
	tb.Helper()
	t := &fixtureTemplate
	t.once.Do(func() {
		if t.dir, t.err = os.MkdirTemp("", "emessage-fixture-"); t.err != nil {
			return
		}
		t.db, t.file = dirDB(t.dir), writeFixture(tb, t.dir, time.Now())
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"import", "--db", t.db, t.file}, &out, &errOut); code != 0 {
			t.err = fmt.Errorf("import: exit %d: %s", code, errOut.String())
		}
	})
	if t.err != nil {
		tb.Fatalf("fixture template: %v", t.err)
	}
	ctx := tb.Context()
	src, err := sqlstore.Open(ctx, t.db)
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	defer dst.Close()
	if _, err := sqlstore.Copy(ctx, dst, src, nil); err != nil {
		tb.Fatalf("copy the fixture: %v", err)
	}
	return t.file
}

// TestMain removes the fixture template when the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if testing.Verbose() {
		fmt.Printf("openapi: %d answers checked against the served document\n", specChecked.Load())
	}
	if fixtureTemplate.dir != "" {
		os.RemoveAll(fixtureTemplate.dir)
	}
	os.Exit(code)
}

// mustImportTeam imports, over the fixture in db, SPEC sections 11 and
// 12's world: case A0000001's CalFresh is wanda's and its Medi-Cal otto's,
// and victor (emessage.supervise) supervises both.
func mustImportTeam(tb testing.TB, db string) {
	tb.Helper()
	rights := []string{"emessage.view", "emessage.send"}
	b, err := json.Marshal(map[string]any{
		"workers": []map[string]any{
			{"username": "victor", "name": "Victor Viewer", "county": "01", "password": fixturePassword,
				"rights": []string{"emessage.view", "emessage.supervise"}},
			{"username": "wanda", "name": "Wanda Worker", "county": "01", "password": fixturePassword, "rights": rights, "supervisor": "victor"},
			{"username": "otto", "name": "Otto Other", "county": "01", "password": fixturePassword, "rights": rights, "supervisor": "victor"},
		},
		"cases": []map[string]any{{"number": "A0000001", "county": "01", "status": "active",
			"programs": []map[string]any{{"code": "CF", "worker": "wanda"}, {"code": "MC", "worker": "otto"}}}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(tb.TempDir(), "team.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	mustImport(tb, db, file)
}
