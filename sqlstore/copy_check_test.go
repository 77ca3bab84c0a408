package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/county/emessage/internal/dbtest"
)

// TestCopyRefusesBadText: text SQLite kept but PostgreSQL refuses (a NUL,
// bytes that are not UTF-8) is named field by field before anything is
// copied, and the target is left empty; SQLite takes it as it is.
func TestCopyRefusesBadText(t *testing.T) {
	ctx := context.Background()
	from := MustOpen(t, dbtest.SQLite(t))
	mustFill(t, from)
	// Written as an older release let them in, past today's checks at the edge.
	mustExec(t, from, `UPDATE messages SET body = 'Call me' || char(0) || ' today' WHERE id = 'LEGACY-2'`)
	mustExec(t, from, `UPDATE workers SET name = CAST(X'4A6F73E9' AS TEXT) WHERE username = 'jdoe'`)
	jdoe, err := from.WorkerByUsername(ctx, "jdoe")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("sqlite", func(t *testing.T) {
		to := MustOpen(t, dbtest.SQLite(t))
		if _, err := Copy(ctx, to, from, nil); err != nil {
			t.Fatalf("SQLite to SQLite: %v", err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		to := MustOpen(t, dbtest.Postgres(t))
		_, err := Copy(ctx, to, from, nil)
		var bad *BadTextError
		if !errors.As(err, &bad) {
			t.Fatalf("copy = %v, want a *BadTextError", err)
		}
		want := []BadText{
			{"workers", fmt.Sprintf("id=%d", jdoe.ID), "name", "not UTF-8"},
			{"messages", `id="LEGACY-2"`, "body", "NUL byte"},
		}
		if !slices.Equal(bad.Fields, want) {
			t.Errorf("fields %+v, want %+v", bad.Fields, want)
		}
		line := err.Error()
		for _, w := range []string{"2 fields", fmt.Sprintf("workers id=%d name (not UTF-8)", jdoe.ID),
			`messages id="LEGACY-2" body (NUL byte)`, "correct them in the source", "docs/SCALE.md"} {
			if !strings.Contains(line, w) || strings.Contains(line, "\n") {
				t.Errorf("error %q, want one line with %q", line, w)
			}
		}
		for table, n := range tableCounts(t, to) {
			if n != 0 {
				t.Errorf("a refused copy wrote %d %s", n, table)
			}
		}

		// Many: the line names the first ones and counts the rest.
		mustExec(t, from, `UPDATE message_history SET by_name = 'x' || char(0)`)
		_, err = Copy(ctx, to, from, nil)
		if !errors.As(err, &bad) || len(bad.Fields) < BadTextShown+2 {
			t.Fatalf("copy = %v", err)
		}
		if more := fmt.Sprintf("and %d more", len(bad.Fields)-BadTextShown); !strings.Contains(err.Error(), more) {
			t.Errorf("error %q, want %q", err, more)
		}
	})
}
