package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
)

// TestCopyCommand moves a county's SQLite database onto each configured
// database with "emessage copy", serves from the copy, and runs the copy again.
func TestCopyCommand(t *testing.T) {
	dir := t.TempDir()
	from := "sqlite:" + filepath.Join(dir, "county.db")
	mustImportFixture(t, dir, from)
	dbtest.ForEach(t, func(t *testing.T, to string) {
		code, stdout, stderr := runCmd(t, "copy", "--from", from, "--to", to)
		if code != 0 {
			t.Fatalf("copy: exit %d: %s", code, stderr)
		}
		wantProgress(t, stderr, `copy: 28 rows in \S+ \(\d+/s\)`)
		printed := map[string]string{}
		for _, line := range strings.Split(stdout, "\n") {
			if f := strings.Fields(line); len(f) == 2 {
				printed[f[0]] = f[1]
			}
		}
		for table, n := range map[string]string{"counties": "2", "workers": "5", "ssp_accounts": "3", "documents": "2",
			"cases": "4", "messages": "1", "message_history": "1", "uploads": "0"} {
			if printed[table] != n {
				t.Errorf("copy printed %s %q, want %s:\n%s", table, printed[table], n, stdout)
			}
		}
		if !strings.Contains(stdout, "Copied") || !strings.Contains(stdout, "DATA_DIR/uploads") {
			t.Errorf("copy printed:\n%s", stdout)
		}
		// Run again (say, after a lost connection): nothing to do.
		code, stdout, stderr = runCmd(t, "copy", "--from", from, "--to", to)
		if code != 0 || !strings.Contains(stdout, "already holds the same data") {
			t.Fatalf("copy again: exit %d: %s %s", code, stdout, stderr)
		}
		srv := startServerDB(t, t.TempDir(), to)
		wanda := srv.login("wanda", fixturePassword) // the password hash came along
		wanda.Do("GET", "/api/v1/messages/LEGACY-1", nil).Want(t, 200)
		srv.stop()
		// The target now holds sign-ins and audit entries the source lacks.
		code, _, stderr = runCmd(t, "copy", "--from", from, "--to", to)
		if code != exitError {
			t.Fatalf("copy into a database with other data: exit %d", code)
		}
		wantOneLine(t, stderr, "is not empty")
	})
}

// TestCopyRefusesBadText: a record an older release let in with text
// PostgreSQL refuses is named, with what to do, and nothing is copied;
// beyond a few, the line names a file listing them all.
func TestCopyRefusesBadText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "county.db")
	mustImportFixture(t, dir, "sqlite:"+path)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE messages SET body = 'Call me' || char(0) WHERE id = 'LEGACY-1'`); err != nil {
		t.Fatal(err)
	}
	to := dbtest.Postgres(t)
	code, stdout, stderr := runCmd(t, "copy", "--from", "sqlite:"+path, "--to", to)
	if code != exitError || strings.Contains(stdout, "Copied") {
		t.Fatalf("copy: exit %d: %s", code, stdout)
	}
	wantOneLine(t, stderr, `1 field of the source holds text PostgreSQL cannot store`)
	wantOneLine(t, stderr, `messages id="LEGACY-1" body (NUL byte); correct it in the source database`)
	wantOneLine(t, stderr, "nothing was copied")

	if _, err := raw.Exec(`UPDATE workers SET name = name || CAST(X'FF' AS TEXT)`); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "copy", "--from", "sqlite:"+path, "--to", to)
	if code != exitError {
		t.Fatalf("copy: exit %d", code)
	}
	wantOneLine(t, stderr, "6 fields of the source hold text")
	wantOneLine(t, stderr, "and 1 more")
	m := regexp.MustCompile(`all of them in (\S+)\)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr = %q, want the file listing all", stderr)
	}
	b, err := os.ReadFile(m[1])
	os.Remove(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 6 ||
		lines[5] != `messages id="LEGACY-1" body (NUL byte)` || !strings.HasSuffix(lines[0], "name (not UTF-8)") {
		t.Errorf("the file lists:\n%s", b)
	}
}

func TestCopyUsage(t *testing.T) {
	for _, args := range [][]string{
		{"copy"},
		{"copy", "--from", "sqlite:a.db"},
		{"copy", "--from", "sqlite:a.db", "--to", "sqlite:a.db"},
		{"copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db", "extra"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		wantOneLine(t, stderr, "copy: ")
	}
}

// TestUnreachablePostgres: one clear line, without the password.
func TestUnreachablePostgres(t *testing.T) {
	db := "postgres://emessage:s3cret@127.0.0.1:1/emessage"
	for _, args := range [][]string{
		{"migrate", "--db", db},
		{"import", "--db", db, writeFixture(t, t.TempDir(), time.Now())},
		{"serve", "--addr", "127.0.0.1:0", "--db", db},
	} {
		var out, errOut bytes.Buffer
		code := run(t.Context(), args, &out, &errOut)
		if code != exitError {
			t.Errorf("%s: exit %d, want %d", args[0], code, exitError)
		}
		stderr := errOut.String()
		wantOneLine(t, stderr, `cannot reach PostgreSQL at 127.0.0.1:1 (database "emessage", user "emessage"): connection refused`)
		if strings.Contains(stderr, "s3cret") {
			t.Errorf("%s: the password is in %q", args[0], stderr)
		}
	}
}
