// Package sqlstore keeps the e-Messages data in SQL: emessage.Store on SQLite
// (the pure-Go modernc.org/sqlite driver), for one process, and on
// PostgreSQL (pgx), for several processes sharing one database. The queries
// are written once, with $1 placeholders and SQL both databases accept; what
// differs (placeholders, error codes, row locks, text search, migrations)
// is in dialect_sqlite.go and dialect_postgres.go.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/county/emessage"
	"modernc.org/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

var _ emessage.Store = (*Store)(nil)

// Store is emessage.Store on a SQL database.
//
// On SQLite, writes go through one connection whose transactions take the
// write lock when they begin, run by one goroutine that commits the writes
// waiting together (group_commit.go), so writers queue instead of failing
// with "database is locked"; reads use a pool of their own and, in WAL
// mode, never wait for the writer. On PostgreSQL, writer and reader are
// one pool, and transactions run side by side under the database's locks.
type Store struct {
	writer  *sql.DB
	reader  *sql.DB
	dialect *dialect
	// written and read keep the statements of writer and reader prepared
	// (SQLite; nil on PostgreSQL).
	written, readStmts *statements
	// group runs every write transaction (SQLite; nil on PostgreSQL), and
	// checkpoints copies the write-ahead log back off the request path.
	group       *committer
	checkpoints *checkpointer
	ckptDB      *sql.DB
	// migrated is how many migrations Open applied.
	migrated int
}

// dialect is what differs between the SQL databases the store runs on; the
// queries themselves are shared.
type dialect struct {
	name       string
	migrations string // directory in migrationFS
	rebind     func(query string) string
	translate  func(err error) error
	// forUpdate ends a SELECT whose rows must stay locked until the
	// transaction ends; skipLocked also passes over rows another transaction
	// holds. Both are empty where a write transaction locks the whole database.
	forUpdate, skipLocked string
	// containsText is a case-insensitive "column contains the text of the
	// LIKE pattern in placeholder" condition (the pattern is lower case).
	containsText func(column, placeholder string) string
	// lockSchema, when set, is run first in every migration transaction, so
	// that processes starting together migrate one after another.
	lockSchema string
	// retry reports whether a failed transaction may simply be run again
	// (a deadlock or a serialization failure).
	retry func(err error) bool
	// pipelines: write transactions send their statements in as few round
	// trips as they can (pipeline.go).
	pipelines bool
	// snapshot is the isolation level under which a read transaction sees
	// one moment of the whole database (for Copy).
	snapshot sql.IsolationLevel
	// resetIdentity, with TABLE replaced by a table's name, makes the
	// database give new ids after the largest one copied in.
	resetIdentity string
}

// Open opens the database named by url, applies pending migrations and
// returns the store. url is "sqlite:PATH" (the parent directory is created)
// or a PostgreSQL URL.
//
// Durability: SQLite runs in WAL mode with synchronous=NORMAL. A commit is
// written to the write-ahead log file before Apply returns, so a crash of the
// process (kill -9) loses no acknowledged transaction: the operating system
// holds the write and SQLite replays the log on the next open. Only a power
// loss or an operating system crash may lose the last commits since the log
// was last synced (at checkpoints); the database stays consistent either way.
// synchronous=FULL would close that window at the price of an fsync on every
// commit, which on ordinary disks limits sending to a few hundred messages
// per second. busy_timeout (30 s) makes another process's writer (an import
// while the service runs) wait for the lock instead of failing; inside one
// process all writes queue for the single writer connection.
//
// PostgreSQL ("postgres://..." or "postgresql://...", see openPostgres) is
// the database several processes share: every transaction is the
// database's, so any process can serve any request and send any email.
func Open(ctx context.Context, url string) (*Store, error) {
	switch {
	case isPostgres(url):
		return openPostgres(ctx, url)
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"))
	}
	return nil, fmt.Errorf("unknown database URL %q: use sqlite:PATH or postgres://USER@HOST/DATABASE", Redact(url))
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Dialect names the database the store runs on: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// busyTimeout is how long an SQLite statement waits for a database another
// process holds before it fails (and the request answers 503). Tests
// shorten it.
var busyTimeout = 30 * time.Second

// pageCacheKiB is the memory SQLite's page caches may hold in all, shared
// out among the connections. The default, 2 MB each, held far less than the
// index pages a caseload reads: every query read them again from the
// kernel, and the caseload search took twice as long (docs/PERFORMANCE.md).
const pageCacheKiB = 64 << 10

func openSQLite(ctx context.Context, path string) (*Store, error) {
	switch {
	case path == "":
		return nil, errors.New("the database URL sqlite: needs a file path, like sqlite:data/emessage.db")
	case path == ":memory:" || strings.HasPrefix(path, "file:"):
		return nil, fmt.Errorf("database %q: use a file path (sqlite:PATH)", path)
	case strings.ContainsAny(path, "?#"):
		return nil, fmt.Errorf("database path %q may not contain ? or #", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	readers := min(max(4, runtime.NumCPU()), 8)
	// A negative cache_size is in KiB.
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=cache_size(-%d)", busyTimeout.Milliseconds(), pageCacheKiB/(readers+1))
	// No automatic checkpoints on the writer (the checkpointer runs them);
	// a log grown past its bound is cut back to it once it starts again;
	// savepoints keep their sub-journals in memory (group_commit.go).
	writer, err := sql.Open("sqlite", path+"?"+common+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"+
		fmt.Sprintf("&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(%d)&_pragma=temp_store(MEMORY)", walLimitPages*4096))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	// The writer connects first: it switches the file to WAL for everyone.
	// Switching takes the file to itself and answers "busy" at once, busy
	// timeout or not, while another process opens it the same moment (two
	// servers started together): it tries again for as long as the timeout.
	if err := pingWhileBusy(ctx, writer, 30*time.Second); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	ckptDB, err := sql.Open("sqlite", path+fmt.Sprintf("?_pragma=busy_timeout(%d)", checkpointWait.Milliseconds()))
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	ckptDB.SetMaxOpenConns(1)
	ckptDB.SetMaxIdleConns(1)
	s := &Store{writer: writer, reader: reader, dialect: sqliteDialect,
		written: newStatements(writer), readStmts: newStatements(reader), ckptDB: ckptDB}
	s.group = newCommitter(writer, sqliteDialect, s.written)
	s.checkpoints = newCheckpointer(ckptDB, &s.group.gate)
	s.group.start(s.checkpoints.wrote)
	if s.migrated, err = s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// pingWhileBusy connects db, trying again while SQLite answers busy, up to wait.
func pingWhileBusy(ctx context.Context, db *sql.DB, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := db.PingContext(ctx)
		var e *sqlite.Error
		if err == nil || !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Close closes the connection pools, once the writes already queued are
// done; a write made after it fails.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
		s.checkpoints.close()
		s.ckptDB.Close()
	}
	s.written.close()
	s.readStmts.close()
	if s.reader == s.writer {
		return s.writer.Close()
	}
	return errors.Join(s.reader.Close(), s.writer.Close())
}

// Ping checks that the database answers a query (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read().queryRow(ctx, "SELECT 1").Scan(&one)
}

// Ready reports whether the database answers reads and takes writes now:
// emessage.ErrNotWritable when it is held by another process (SQLite) or
// is a read-only standby (PostgreSQL).
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	if s.dialect.name == "postgres" {
		var readOnly string
		if err := s.writer.QueryRowContext(ctx, "SHOW transaction_read_only").Scan(&readOnly); err != nil {
			return err
		}
		if readOnly == "on" {
			return fmt.Errorf("%w: PostgreSQL is read-only (a standby?)", emessage.ErrNotWritable)
		}
		return nil
	}
	// Take the write lock and let it go at once, waiting a moment rather
	// than the busy timeout: a health check answers quickly.
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 250"); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds()))
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		if errors.Is(translateSQLite(err), errBusy) {
			return fmt.Errorf("%w: another process holds the SQLite database", emessage.ErrNotWritable)
		}
		return err
	}
	_, err = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	return err
}

// Empty reports whether there are no counties, workers, accounts or cases:
// the demo data is loaded only into an empty database.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var found bool
	err := s.read().queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM counties) OR EXISTS (SELECT 1 FROM workers)
		OR EXISTS (SELECT 1 FROM ssp_accounts) OR EXISTS (SELECT 1 FROM cases)`).Scan(&found)
	return !found, err
}

// write runs fn in one write transaction: everything fn wrote is committed
// when it returns nil, nothing when it returns an error. A transaction the
// database gave up for a deadlock or a serialization failure is run again
// (fn must be safe to run twice: it only writes through tx).
//
// On SQLite fn runs on the committer's goroutine, in a transaction it may
// share with other requests' writes (group_commit.go): it must write only
// through tx, never call write itself (it would wait for itself), and its
// statements are not interrupted when ctx ends.
func (s *Store) write(ctx context.Context, fn func(tx runner) error) error {
	if s.group != nil {
		return s.group.write(ctx, fn)
	}
	const tries = 5
	for try := 1; ; try++ {
		err := s.writeOnce(ctx, fn)
		if err == nil || s.dialect.retry == nil || !s.dialect.retry(err) || try == tries || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(try*try) * time.Millisecond)
	}
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx runner) error) error {
	if s.dialect.pipelines {
		return s.writePipelined(ctx, fn)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return s.dialect.translate(err)
	}
	defer s.written.prepareWaiting(ctx) // after the transaction gave its connection back
	defer tx.Rollback()
	if err := fn(runner{db: tx, d: s.dialect, stmts: s.written, tx: tx}); err != nil {
		return err
	}
	return s.dialect.translate(tx.Commit())
}

// notFound turns sql.ErrNoRows into emessage.NotFound(what).
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return emessage.NotFound(what)
	}
	return err
}

// scanner is *sql.Rows or row.
type scanner interface{ Scan(dest ...any) error }

// collect reads every row of a query with scan.
func collect[T any](rows *sql.Rows, err error, scan func(r scanner, v *T) error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
