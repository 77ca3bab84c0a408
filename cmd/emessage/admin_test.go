package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/sqlstore"
)

// TestAdminCommands runs every "emessage worker" and "emessage account"
// action against a running server's database, on SQLite and PostgreSQL:
// what the person can do afterwards, the sessions it ended, and the
// operator's audit entries.
func TestAdminCommands(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "import", "--db", db, writeFixture(t, dir, time.Now())); code != 0 {
			t.Fatalf("import: %s", stderr)
		}
		srv := startServerDB(t, dir, db)
		admin := func(t *testing.T, stdin string, args ...string) (int, string, string) {
			t.Helper()
			var out, errOut bytes.Buffer
			cmd := workerCmd
			if args[0] == "account" {
				cmd = accountCmd
			}
			code := cmd(t.Context(), append([]string{"--db", db}, args[1:]...), strings.NewReader(stdin), &out, &errOut)
			return code, out.String(), errOut.String()
		}
		ok := func(t *testing.T, stdin string, args []string, want string) {
			t.Helper()
			code, stdout, stderr := admin(t, stdin, args...)
			if code != 0 || !strings.Contains(stdout, want) {
				t.Fatalf("%v: exit %d, stdout %q, stderr %q; want %q", args, code, stdout, stderr, want)
			}
		}
		loginStatus := func(username, password string) int {
			return srv.anon().Do("POST", "/api/v1/login", map[string]string{"username": username, "password": password}).Status
		}

		t.Run("worker disable and enable", func(t *testing.T) {
			first, second := srv.login("wanda", fixturePassword), srv.login("wanda", fixturePassword)
			other := srv.login("otto", fixturePassword)
			ok(t, "", []string{"worker", "disable", "wanda"}, "Worker wanda is disabled: they can no longer sign in; 2 sessions ended.")
			first.Do("GET", "/api/v1/home", nil).Want(t, 401)
			second.Do("GET", "/api/v1/home", nil).Want(t, 401)
			other.Do("GET", "/api/v1/home", nil).Want(t, 200)
			if got := loginStatus("wanda", fixturePassword); got != 401 {
				t.Errorf("disabled worker's sign-in: %d, want 401", got)
			}
			ok(t, "", []string{"worker", "disable", "wanda"}, "Worker wanda was already disabled.")
			ok(t, "", []string{"worker", "enable", "wanda"}, "Worker wanda is enabled: they can sign in again.")
			srv.login("wanda", fixturePassword).Do("GET", "/api/v1/home", nil).Want(t, 200)
			ok(t, "", []string{"worker", "enable", "wanda"}, "Worker wanda was not disabled.")
		})

		t.Run("worker reset-mfa", func(t *testing.T) {
			ok(t, "", []string{"worker", "reset-mfa", "victor"}, "Worker victor has no authenticator app: nothing to reset.")
			session := srv.login("victor", fixturePassword)
			giveAuthenticator(t, db, "victor")
			if got := loginStatus("victor", fixturePassword); got != 401 {
				t.Fatalf("sign-in without the code: %d, want 401 (mfa_required)", got)
			}
			ok(t, "", []string{"worker", "reset-mfa", "victor"}, "Worker victor signs in with their password alone now")
			session.Do("GET", "/api/v1/home", nil).Want(t, 401)
			srv.login("victor", fixturePassword).Do("GET", "/api/v1/home", nil).Want(t, 200)
		})

		t.Run("account disable and enable", func(t *testing.T) {
			session := srv.login("ana", fixturePassword)
			ok(t, "", []string{"account", "disable", "ana"}, "Account ana is disabled: they can no longer sign in to the portal; 1 session ended.")
			session.Do("GET", "/api/v1/ssp/account", nil).Want(t, 401)
			if got := loginStatus("ana", fixturePassword); got != 401 {
				t.Errorf("disabled account's sign-in: %d, want 401", got)
			}
			ok(t, "", []string{"account", "enable", "ana"}, "Account ana is enabled")
			srv.login("ana", fixturePassword).Do("GET", "/api/v1/ssp/account", nil).Want(t, 200)
		})

		t.Run("account set-password", func(t *testing.T) {
			session := srv.login("carl", fixturePassword)
			for stdin, want := range map[string]string{
				"password\n":        "one of the most used",
				"short\n":           "at least 8 characters",
				"my name is carl\n": "must not contain the username",
				"":                  "on standard input",
			} {
				code, stdout, stderr := admin(t, stdin, "account", "set-password", "carl")
				if code != exitError || stdout != "" {
					t.Errorf("set-password %q: exit %d, stdout %q", stdin, code, stdout)
				}
				wantOneLine(t, stderr, want)
			}
			session.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200) // refusals change nothing
			ok(t, "Blue heron at dusk 7\n", []string{"account", "set-password", "carl"}, "Account carl has a new password; 1 session ended.")
			session.Do("GET", "/api/v1/ssp/account", nil).Want(t, 401)
			if got := loginStatus("carl", fixturePassword); got != 401 {
				t.Errorf("sign-in with the old password: %d, want 401", got)
			}
			srv.login("carl", "Blue heron at dusk 7")
		})

		t.Run("refusals", func(t *testing.T) {
			for _, c := range []struct {
				args []string
				code int
				want string
			}{
				{[]string{"worker", "disable", "nobody"}, exitError, "Worker nobody was not found."},
				{[]string{"account", "enable", "nobody"}, exitError, "Account nobody was not found."},
				{[]string{"account", "disable", "wanda"}, exitError, "Account wanda was not found."},
				{[]string{"worker", "set-password", "wanda"}, exitUsage, `unknown action "set-password"`},
				{[]string{"worker", "disable"}, exitUsage, "give what to do and to whom"},
			} {
				code, _, stderr := admin(t, "", c.args...)
				if code != c.code {
					t.Errorf("%v: exit %d, want %d", c.args, code, c.code)
				}
				wantOneLine(t, stderr, c.want)
			}
		})

		t.Run("audited", func(t *testing.T) {
			store, err := sqlstore.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			for _, c := range []struct {
				objectType, id string
				actions        []string
			}{
				{"worker", "wanda", []string{"worker.disable", "worker.enable"}},
				{"worker", "victor", []string{"mfa.reset"}},
				{"account", "ana", []string{"account.disable", "account.enable"}},
				{"account", "carl", []string{"account.password_set"}},
			} {
				trail, err := store.AuditTrail(context.Background(), c.objectType, c.id)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range trail {
					if e.ActorKind == "operator" {
						got = append(got, e.Action)
						if e.Actor != string(operator()) {
							t.Errorf("%s %s: actor %q, want %q", c.objectType, c.id, e.Actor, operator())
						}
					}
				}
				if !slices.Equal(got, c.actions) {
					t.Errorf("%s %s: operator's audit entries %v, want %v", c.objectType, c.id, got, c.actions)
				}
			}
		})
	})
}

// giveAuthenticator sets up an authenticator app for a worker, as the
// worker's set-up pages do.
func giveAuthenticator(t *testing.T, db, username string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	w, err := store.WorkerByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	secret := emessage.NewTOTPSecret()
	if err := store.SetPendingTOTP(ctx, w.ID, secret, time.Now()); err != nil {
		t.Fatal(err)
	}
	err = store.EnableTOTP(ctx, w.ID, "", secret, 0, []string{"recovery-hash"},
		emessage.AuditEntry{At: time.Now(), ActorKind: "worker", Actor: username, Action: "mfa.enrol", ObjectType: "worker", ObjectID: username})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAdminUsage(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	for _, args := range [][]string{
		{"worker"},
		{"worker", "--db", db, "disable"},
		{"account", "--db", db, "lock", "ana"},
		{"account", "--db", db, "disable", "ana", "extra"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		wantOneLine(t, stderr, args[0]+": ")
	}
}
