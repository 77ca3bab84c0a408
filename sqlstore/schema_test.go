package sqlstore_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
)

// TestSchemasMatch: the migrations of both dialects leave the same tables
// with the same columns, as each database reports them; a migration
// written for one dialect only fails here. It runs when PostgreSQL is
// configured (internal/dbtest).
func TestSchemasMatch(t *testing.T) {
	pg := testrig.Open(t, dbtest.Postgres(t), nil).URL // migrated on open; skipped without PostgreSQL
	lite := testrig.New(t, nil).URL
	sqlite, postgres := testrig.Tables(t, lite), testrig.Tables(t, pg)
	if len(sqlite["messages"]) == 0 {
		t.Fatalf("no schema read: %v", sqlite)
	}
	if got, want := slices.Sorted(maps.Keys(postgres)), slices.Sorted(maps.Keys(sqlite)); !slices.Equal(got, want) {
		t.Fatalf("PostgreSQL has tables %v, SQLite %v", got, want)
	}
	for table, cols := range sqlite {
		if got, want := slices.Sorted(slices.Values(postgres[table])), slices.Sorted(slices.Values(cols)); !slices.Equal(got, want) {
			t.Errorf("table %s: PostgreSQL has columns %v, SQLite %v", table, got, want)
		}
	}
}
