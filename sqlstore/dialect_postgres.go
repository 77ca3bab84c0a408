package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/county/emessage"
	"github.com/jackc/pgx/v5/pgconn"
)

// postgresDialect: many transactions write at once, under READ COMMITTED.
// What keeps them apart is the database's: conditional updates
// (UPDATE ... WHERE status IN (...) re-checks a row another transaction just
// changed, so of two closes exactly one matches), unique keys, a row lock on
// the record before its uploads are counted (FOR UPDATE) and notification
// claims that pass over rows another process is claiming (SKIP LOCKED).
var postgresDialect = &dialect{
	name:       "postgres",
	migrations: "migrations/postgres",
	rebind:     func(query string) string { return query }, // $1 is PostgreSQL's own
	translate:  translatePostgres,
	forUpdate:  " FOR UPDATE",
	skipLocked: " FOR UPDATE SKIP LOCKED",
	// ILIKE folds case by the database's locale, beyond ASCII.
	containsText: func(column, placeholder string) string {
		return column + " ILIKE " + placeholder + ` ESCAPE '\'`
	},
	// One migrating process per schema at a time; the lock ends with the transaction.
	lockSchema: `SELECT pg_advisory_xact_lock(hashtext('emessage.migrate.' || current_schema()))`,
	retry:      retryPostgres,
	pipelines:  true,
	snapshot:   sql.LevelRepeatableRead,
	resetIdentity: `SELECT setval(pg_get_serial_sequence('TABLE', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)
		FROM TABLE`,
}

// PostgreSQL error codes (SQLSTATE) the store acts on.
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
)

// translatePostgres turns PostgreSQL errors into the store's codes by their
// SQLSTATE, never by their text.
func translatePostgres(err error) error {
	var e *pgconn.PgError
	if err == nil || !errors.As(err, &e) {
		return err
	}
	switch e.Code {
	case pgUniqueViolation:
		return &emessage.Error{Code: emessage.EConflict, Message: "That record already exists."}
	case pgForeignKeyViolation:
		return &emessage.Error{Code: emessage.EInvalid, Message: "That refers to a record that does not exist."}
	}
	return fmt.Errorf("postgres: %w", err)
}

// retryPostgres: a transaction chosen as a deadlock's victim, or failed for
// serialization, did nothing and may be run again.
func retryPostgres(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == pgSerializationFailure || e.Code == pgDeadlockDetected)
}
