package sqlstore

import (
	"errors"
	"fmt"
	"strings"

	"github.com/county/emessage"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDialect: one writer at a time holds the whole database (BEGIN
// IMMEDIATE), so rows need no locks of their own; a read transaction sees
// one moment of the database (WAL), and an INTEGER PRIMARY KEY goes on
// after the largest id by itself.
var sqliteDialect = &dialect{
	name:       "sqlite",
	migrations: "migrations/sqlite",
	rebind:     rebind,
	translate:  translateSQLite,
	// LOWER folds ASCII letters only; the pattern is lower-cased in Go.
	containsText: func(column, placeholder string) string {
		return "LOWER(" + column + ") LIKE " + placeholder + ` ESCAPE '\'`
	},
}

// rebind turns PostgreSQL placeholders ($1, $2) into SQLite numbered
// parameters (?1, ?2); the queries hold no "$" anywhere else.
func rebind(query string) string {
	if !strings.Contains(query, "$") {
		return query
	}
	b := []byte(query)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '$' && b[i+1] >= '0' && b[i+1] <= '9' {
			b[i] = '?'
		}
	}
	return string(b)
}

// errBusy is a database held by another process for longer than the busy timeout.
var errBusy = &emessage.Error{Code: emessage.EUnavailable, Message: "The service is busy. Please try again in a few seconds."}

// translateSQLite turns SQLite errors into the store's codes by their result
// codes, never by their text.
func translateSQLite(err error) error {
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		// Another process held the database past the busy timeout (a backup
		// tool, a second server mid-migration): the request may be tried
		// again, so it is not a failure of ours (503, not 500).
		return fmt.Errorf("sqlite: %w: %w", errBusy, err)
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &emessage.Error{Code: emessage.EConflict, Message: "That record already exists."}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &emessage.Error{Code: emessage.EInvalid, Message: "That refers to a record that does not exist."}
	}
	return fmt.Errorf("sqlite: %w", err)
}
