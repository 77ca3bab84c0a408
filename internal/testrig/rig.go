// Package testrig is the one test rig of the project: a fake password
// hasher, a settable clock, a service over a real store (on SQLite, or on
// every configured database through internal/dbtest), a PDF maker, database
// inspection and a client of the JSON API. Every package's tests use it
// instead of a copy of their own (gotosocial's testrig is the model).
//
// It imports sqlstore, so sqlstore's internal tests cannot use it; it never
// imports web, so web's tests can.
package testrig

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/filestore"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/sqlstore"
)

// T0 is where a rig's clock starts: a Monday afternoon (fixture.T0).
var T0 = fixture.T0

// Rig is a service over a real store, with its documents in a temporary
// directory and its clock in the test's hands.
type Rig struct {
	URL     string // the database, as sqlstore.Open takes it
	Store   *sqlstore.Store
	Files   *filestore.Disk
	Clock   *Clock
	Service *emessage.Service
}

// New returns a rig over a new SQLite database in a temporary directory,
// holding data when it is not nil.
func New(tb testing.TB, data *emessage.ImportData) *Rig {
	tb.Helper()
	return Open(tb, dbtest.SQLite(tb), data)
}

// Open returns a rig over the (empty) database at url, holding data when it
// is not nil. data is written by the store as it is: passwords as the
// PasswordHash fields give them ("plain:pw" signs in with "pw", see
// Passwords). The store closes when the test ends. The service hashes with
// Passwords and reads the time from Clock, which starts at T0.
func Open(tb testing.TB, url string, data *emessage.ImportData) *Rig {
	tb.Helper()
	st, err := sqlstore.Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	tb.Cleanup(func() { st.Close() })
	files, err := filestore.New(filepath.Join(tb.TempDir(), "uploads"))
	if err != nil {
		tb.Fatal(err)
	}
	r := &Rig{URL: url, Store: st, Files: files, Clock: NewClock(T0)}
	r.Service = emessage.NewService(st, files, Passwords{})
	r.Service.Now = r.Clock.Now
	if data != nil {
		r.MustImport(tb, data)
	}
	return r
}

// ForEachDB runs fn as a subtest on a rig of every configured database
// (SQLite always, PostgreSQL when internal/dbtest has one), each holding a
// fresh data() when data is not nil.
func ForEachDB(t *testing.T, data func() *emessage.ImportData, fn func(t *testing.T, r *Rig)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, url string) {
		var d *emessage.ImportData
		if data != nil {
			d = data()
		}
		fn(t, Open(t, url, d))
	})
}

// MustImport writes data through the store, password hashes as given.
func (r *Rig) MustImport(tb testing.TB, data *emessage.ImportData) {
	tb.Helper()
	if _, err := r.Store.Import(context.Background(), data); err != nil {
		tb.Fatalf("import: %v", err)
	}
}

// MustLogin signs a user in with password and returns who they are.
func (r *Rig) MustLogin(tb testing.TB, username, password string) emessage.Actor {
	tb.Helper()
	_, a, err := r.Service.Login(context.Background(), username, password)
	if err != nil {
		tb.Fatalf("sign in %s: %v", username, err)
	}
	return a
}

// MustSystem makes a system token (bound to county, unless "") and returns
// it with the actor it authenticates as.
func (r *Rig) MustSystem(tb testing.TB, name, county string) (string, emessage.Actor) {
	tb.Helper()
	ctx := context.Background()
	token, err := r.Service.CreateSystemToken(ctx, "operator", name, county)
	if err != nil {
		tb.Fatalf("system token %s: %v", name, err)
	}
	a, err := r.Service.AuthenticateSystem(ctx, token)
	if err != nil {
		tb.Fatalf("system token %s: %v", name, err)
	}
	return token, a
}
