package sqlstore

import (
	"database/sql"
	"slices"
	"strings"
	"time"
)

// Times are stored as Unix microseconds, UTC.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// nullText stores "" as NULL, for optional columns with unique keys or references.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Rights are stored as a comma-separated list.
func joinRights(r []string) string { return strings.Join(r, ",") }

func splitRights(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// A county's holidays are stored as a comma-separated list of days
// (YYYY-MM-DD), sorted and each once, as emessage.SubtractBusinessDays
// reads them.
func joinDays(days []string) string {
	return strings.Join(slices.Compact(slices.Sorted(slices.Values(days))), ",")
}

func splitDays(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
