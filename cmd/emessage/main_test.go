package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/county/emessage"
)

// runCmd runs the program in process and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// wantOneLine fails unless stderr is exactly one line containing want.
func wantOneLine(t *testing.T, stderr, want string) {
	t.Helper()
	if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "emessage: ") || !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want one line with %q", stderr, want)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no command", nil, nil, "no command given"},
		{"unknown command", []string{"serv"}, nil, `unknown command "serv"`},
		{"unknown flag", []string{"serve", "--port", "80"}, nil, "serve: unknown flag --port"},
		{"bad bool", []string{"serve", "--demo=perhaps"}, nil, `invalid boolean value "perhaps" for -demo`},
		{"bad env", []string{"serve"}, map[string]string{"EMESSAGE_DEMO": "perhaps"}, `EMESSAGE_DEMO="perhaps" is not a valid value for --demo`},
		{"bad tz", []string{"serve", "--tz", "Nowhere/Town"}, nil, `--tz "Nowhere/Town" is not a time zone`},
		{"bad log level", []string{"serve", "--log-level", "loud"}, nil, `--log-level "loud"`},
		{"bad mail-from", []string{"serve", "--mail-from", "nobody"}, nil, `--mail-from "nobody"`},
		{"serve argument", []string{"serve", "extra"}, nil, `serve: unexpected argument "extra"`},
		{"webhook without secret", []string{"serve", "--webhook-url", "https://county.example.gov/hook"}, nil,
			"--webhook-url is set but --webhook-secret is not"},
		{"webhook secret alone", []string{"serve"}, map[string]string{"EMESSAGE_WEBHOOK_SECRET": "0123456789abcdef"},
			"--webhook-secret is set but --webhook-url is not"},
		{"short webhook secret", []string{"serve", "--webhook-url", "https://county.example.gov/hook", "--webhook-secret", "short"}, nil,
			"--webhook-secret is 5 characters; use at least 16"},
		{"bad webhook url", []string{"serve", "--webhook-url", "ftp://county.example.gov", "--webhook-secret", "0123456789abcdef"}, nil,
			`--webhook-url "ftp://county.example.gov" is not an address`},
		{"webhook url with password", []string{"serve", "--webhook-url", "https://u:pw@county.example.gov", "--webhook-secret", "0123456789abcdef"}, nil,
			`--webhook-url "https://u:xxxxx@county.example.gov" is not an address`},
		{"import without file", []string{"import"}, nil, "import: give one import file"},
		{"import flag after file", []string{"import", "a.json", "--db", "sqlite:x.db"}, nil, "import: give one import file"},
		{"migrate argument", []string{"migrate", "now"}, nil, `migrate: unexpected argument "now"`},
		{"help unknown", []string{"help", "frobnicate"}, nil, `unknown command "frobnicate"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCmd(t, c.args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			wantOneLine(t, stderr, c.want)
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, stdout, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "emessage dev (go") {
		t.Errorf("version: %d %q", code, stdout)
	}
	for _, args := range [][]string{{"help"}, {"help", "serve"}, {"serve", "--help"}, {"import", "-h"}, {"help", "migrate"}} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage:") || stderr != "" {
			t.Errorf("%v: %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	_, stdout, _ = runCmd(t, "help", "serve")
	for _, v := range []string{"EMESSAGE_ADDR", "EMESSAGE_DB", "EMESSAGE_SMTP", "EMESSAGE_MAIL_DIR", "EMESSAGE_MAIL_FROM",
		"EMESSAGE_BASE_URL", "EMESSAGE_DATA_DIR", "EMESSAGE_DEMO", "EMESSAGE_LOG_LEVEL", "EMESSAGE_TZ"} {
		if !strings.Contains(stdout, v) {
			t.Errorf("help serve does not name %s", v)
		}
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	parse := func(args ...string) config {
		t.Helper()
		var c config
		if _, err := parseFlags(newServeFlags(&c), &c, args, &bytes.Buffer{}, "serve"); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := parse()
	if c.Addr != "127.0.0.1:8080" || c.DB != "sqlite:data/emessage.db" || c.MailDir != filepath.Join("data", "mail") ||
		c.TZ != "America/Los_Angeles" || c.Demo || c.MailFrom != "e-Messages <no-reply@emessage.local>" {
		t.Errorf("defaults: %+v", c)
	}

	t.Setenv("EMESSAGE_ADDR", "0.0.0.0:9000")
	t.Setenv("EMESSAGE_DATA_DIR", "/srv/em")
	t.Setenv("EMESSAGE_DEMO", "true")
	t.Setenv("EMESSAGE_MAIL_DIR", "/srv/mail")
	c = parse("--addr", "127.0.0.1:7000")
	if c.Addr != "127.0.0.1:7000" {
		t.Errorf("a flag on the command line must win over the variable: addr %q", c.Addr)
	}
	if !c.Demo || c.DataDir != "/srv/em" || c.DB != "sqlite:/srv/em/emessage.db" || c.MailDir != "/srv/mail" {
		t.Errorf("from the environment: %+v", c)
	}
}

// TestPortInUse: a port in use is named in one line that says which flag
// chooses another.
func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	code, _, stderr := runCmd(t, "serve", "--addr", ln.Addr().String(), "--data-dir", dir)
	if code != exitError {
		t.Errorf("exit code %d, want %d", code, exitError)
	}
	want := "emessage: serve: listen " + ln.Addr().String() + ": address already in use " +
		"(another server runs there; choose another with --addr)\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	// Another reason to fail is named without the hint.
	code, _, stderr = runCmd(t, "serve", "--addr", "127.0.0.1:99999", "--data-dir", dir)
	if code != exitError {
		t.Errorf("bad port: exit code %d, want %d", code, exitError)
	}
	wantOneLine(t, stderr, "emessage: serve: listen 127.0.0.1:99999: ")
	if strings.Contains(stderr, "another server") {
		t.Errorf("bad port: %q", stderr)
	}
}

func TestDatabaseCannotOpen(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	for _, args := range [][]string{
		{"migrate", "--db", "sqlite:" + filepath.Join(blocker, "e.db")},
		{"migrate", "--db", "mysql://localhost/x"},
		{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--db", "sqlite:" + filepath.Join(blocker, "e.db")},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != exitError {
			t.Errorf("%v: exit code %d, want %d", args, code, exitError)
		}
		wantOneLine(t, stderr, "cannot open database")
	}
}

func TestMigrate(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	for range 2 {
		code, stdout, stderr := runCmd(t, "migrate", "--db", db)
		if code != 0 || !strings.Contains(stdout, "up to date") || stderr != "" {
			t.Errorf("migrate: %d %q %q", code, stdout, stderr)
		}
	}
}

func TestImportErrorIsOneLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.json")
	os.WriteFile(file, []byte(`{"ssp_accounts": [{"username": "a", "password": "Tall-Maple-Tree-9", "language": "fr"}]}`), 0o600)
	db := filepath.Join(dir, "e.db")
	code, stdout, stderr := runCmd(t, "import", "--db", "sqlite:"+db, file)
	if code != exitError || stdout != "" {
		t.Errorf("exit code %d, stdout %q", code, stdout)
	}
	wantOneLine(t, stderr, "emessage: import "+file+": ssp_accounts[0].language: language must be one of "+strings.Join(emessage.Languages, ", "))
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused file still created the database")
	}
}
