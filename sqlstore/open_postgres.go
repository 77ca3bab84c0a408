package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Connection pool of one process on PostgreSQL. Every process holds up to
// pool_max_conns connections (a parameter of the database URL, default
// DefaultPoolSize): the processes together must stay under the server's
// max_connections (docs/SCALE.md).
const (
	DefaultPoolSize = 16
	connectTimeout  = 10 * time.Second
)

// openPostgres opens a PostgreSQL database through pgx's database/sql
// driver, so that the queries are the SQLite store's. The URL is libpq's
// (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...), with pgx's
// parameters, plus pool_max_conns. The server is asked to answer before the
// store is returned, and the migrations are applied.
func openPostgres(ctx context.Context, rawURL string) (*Store, error) {
	connURL, poolSize, err := poolParam(rawURL)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(connURL)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %s", Redact(rawURL), reason(err))
	}
	// The hot queries walk a worker's caseload by index, a few hundred
	// lookups; with the default random_page_cost (4, for spinning disks)
	// the planner prefers to read all of a large county's cases instead.
	// 1.1 is the usual setting for SSDs and a cached working set; a URL
	// parameter random_page_cost=... sets another.
	if _, set := cfg.RuntimeParams["random_page_cost"]; !set {
		cfg.RuntimeParams["random_page_cost"] = "1.1"
	}
	return openPostgresConfig(ctx, cfg, poolSize)
}

// openPostgresConfig opens a store on the connections cfg describes, at
// most poolSize at once.
func openPostgresConfig(ctx context.Context, cfg *pgx.ConnConfig, poolSize int) (*Store, error) {
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour) // follow a failover or a changed DNS name within the hour
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d (database %q, user %q): %s",
			cfg.Host, cfg.Port, cfg.Database, cfg.User, reason(err))
	}
	s := &Store{writer: db, reader: db, dialect: postgresDialect}
	var err error
	if s.migrated, err = s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// poolParam takes pool_max_conns out of a PostgreSQL URL (the server would
// refuse it as an unknown setting) and returns the URL and the pool size.
func poolParam(rawURL string) (string, int, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", 0, fmt.Errorf("database URL %s is not a URL", Redact(rawURL))
	}
	q := u.Query()
	v := q.Get("pool_max_conns")
	if v == "" {
		return rawURL, DefaultPoolSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("database URL: pool_max_conns=%q is not a positive number", v)
	}
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return u.String(), n, nil
}

// reason is the cause of a connection failure in a few words: "connection
// refused", "password authentication failed for user ..." (SQLSTATE 28P01).
func reason(err error) string {
	var pe *pgconn.PgError
	var dns *net.DNSError
	var se *os.SyscallError
	var oe *net.OpError
	switch {
	case errors.As(err, &pe):
		return fmt.Sprintf("%s (SQLSTATE %s)", pe.Message, pe.Code)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer within %v", connectTimeout)
	case errors.As(err, &dns):
		return "unknown host " + dns.Name
	case errors.As(err, &se):
		return se.Err.Error()
	case errors.As(err, &oe) && oe.Err != nil:
		return oe.Err.Error()
	}
	return err.Error()
}

// Redact returns a database URL fit for logs and error messages: a
// PostgreSQL URL's password, in the user part or as a parameter, is
// replaced by "xxxxx". Other URLs are returned as they are.
func Redact(rawURL string) string {
	if !isPostgres(rawURL) {
		return rawURL
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
