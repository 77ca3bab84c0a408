package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// wantProgress fails unless stderr holds progress lines only, plain as
// off a terminal, and among them a line matching each of lines (regular
// expressions, each matched against a whole line).
func wantProgress(t *testing.T, stderr string, lines ...string) {
	t.Helper()
	if strings.Contains(stderr, "emessage: ") || strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("stderr holds more than plain progress lines: %q", stderr)
	}
	for _, l := range lines {
		if !regexp.MustCompile(`(?m)^` + l + `$`).MatchString(stderr) {
			t.Errorf("stderr = %q, want a line matching %q", stderr, l)
		}
	}
}

// wantFailure fails unless stderr is the progress lines of cmd (if any)
// and then one error line containing want.
func wantFailure(t *testing.T, stderr, cmd, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, cmd+": ") {
			t.Errorf("stderr = %q: %q is not a progress line of %s", stderr, l, cmd)
		}
	}
	wantOneLine(t, lines[len(lines)-1]+"\n", want)
}

// TestImportProgress: import shows the passwords hashed, then the records
// written, each with a last line of its total and time.
func TestImportProgress(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCmd(t, "import", "--db", "sqlite:"+filepath.Join(dir, "e.db"), writeFixture(t, dir, time.Now()))
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	wantProgress(t, stderr, `import: passwords: 8 passwords in \S+ \(\d+/s\)`, `import: records: 17 records in \S+ \(\d+/s\)`)
}

// TestGenProgress: gen shows the cases written, with the messages.
func TestGenProgress(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	code, stdout, stderr := runCmd(t, "gen", "--db", db, "--size", "tiny")
	if code != 0 || !strings.Contains(stdout, "Generated in") {
		t.Fatalf("gen: exit %d: %s %s", code, stdout, stderr)
	}
	wantProgress(t, stderr, `gen: 500 cases in \S+ \(\d+/s\), \d+ messages`)
}
