package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver of the service's PostgreSQL store
	_ "modernc.org/sqlite"             // the driver of the service's SQLite store
)

// note is a row of the notifications table (the e-Notification queue).
type note struct {
	MessageID, MailID, Email, Status, LastError string
	Attempts                                    int
	LeasedUntil                                 sql.NullInt64 // Unix microseconds
}

// dbState is what the database holds: every record to a customer, the
// queue by message id, and every record and upload by its request's key.
type dbState struct {
	toCustomer map[string]bool
	notes      map[string]note
	records    []dbRecord
	uploads    []dbUpload
}

// database is the service's database under test: a SQLite file, or a
// PostgreSQL database made for the run on the server of -db.
type database struct {
	serveURL string // emessage's --db
	driver   string // database/sql driver: sqlite or pgx
	dsn      string // its data source: read-only for SQLite
	sqlite   string // the SQLite file ("" on PostgreSQL)
	server   string // on PostgreSQL, the URL it was created through
	name     string // on PostgreSQL, the database's name
}

// sqliteDatabase is a SQLite file at path.
func sqliteDatabase(path string) *database {
	return &database{serveURL: "sqlite:" + path, driver: "sqlite", sqlite: path,
		dsn: path + "?_pragma=busy_timeout(10000)&_pragma=query_only(1)"}
}

// createPostgres makes an empty database named name on the PostgreSQL
// server of serverURL (postgres://...), for the run alone.
func createPostgres(ctx context.Context, serverURL, name string) (*database, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("-db %q is not a postgres:// URL", serverURL)
	}
	db, err := sql.Open("pgx", serverURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		return nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u.Path = "/" + name
	return &database{serveURL: u.String(), driver: "pgx", dsn: u.String(), server: serverURL, name: name}, nil
}

// drop removes a PostgreSQL database made for the run; the servers must
// be gone.
func (d *database) drop(ctx context.Context) error {
	if d.name == "" {
		return nil
	}
	db, err := sql.Open("pgx", d.server)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+d.name+` WITH (FORCE)`)
	return err
}

// readDB reads the service's database directly while the servers run
// (SQLite read-only: WAL lets both read at once).
func readDB(ctx context.Context, d *database) (dbState, error) {
	st := dbState{toCustomer: map[string]bool{}, notes: map[string]note{}}
	db, err := sql.Open(d.driver, d.dsn)
	if err != nil {
		return st, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT id, direction, body, COALESCE(in_reply_to, '') FROM messages`)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var r dbRecord
		var body string
		if err := rows.Scan(&r.ID, &r.Direction, &body, &r.InReplyTo); err != nil {
			rows.Close()
			return st, err
		}
		if m := markerRe.FindStringSubmatch(body); m != nil {
			r.Marker = m[1]
		}
		st.records = append(st.records, r)
		if r.Direction == "to_customer" {
			st.toCustomer[r.ID] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = db.QueryContext(ctx, `SELECT message_id, filename FROM uploads`)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var u dbUpload
		if err := rows.Scan(&u.MessageID, &u.Filename); err != nil {
			rows.Close()
			return st, err
		}
		st.uploads = append(st.uploads, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = db.QueryContext(ctx, `SELECT message_id, mail_id, email, status, last_error, attempts, leased_until FROM notifications`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var n note
		if err := rows.Scan(&n.MessageID, &n.MailID, &n.Email, &n.Status, &n.LastError, &n.Attempts, &n.LeasedUntil); err != nil {
			return st, err
		}
		st.notes[n.MessageID] = n
	}
	return st, rows.Err()
}

// drained reports whether every queued e-Notification is recorded sent and
// its email arrived, and, if not, when the last lease held by a killed
// server runs out.
func (st dbState) drained(received map[string][]delivery) (done bool, leaseEnd time.Time) {
	done = true
	for _, n := range st.notes {
		if n.Status != "sent" || len(received[n.MailID]) == 0 {
			done = false
		}
		if n.LeasedUntil.Valid {
			if t := time.UnixMicro(n.LeasedUntil.Int64); t.After(leaseEnd) {
				leaseEnd = t
			}
		}
	}
	return done, leaseEnd
}

// drain waits until the queue is drained, or until margin after the last
// lease of a killed server ran out (a claimed email waits for its lease),
// and at most limit. It returns the last state it read and the wait.
func drain(ctx context.Context, d *database, sink *mailSink, margin, limit time.Duration) (dbState, time.Duration, error) {
	start := time.Now()
	for {
		st, err := readDB(ctx, d)
		if err != nil {
			return st, time.Since(start), err
		}
		received, _, _ := sink.snapshot()
		done, leaseEnd := st.drained(received)
		deadline := start.Add(margin)
		if t := leaseEnd.Add(margin); t.After(deadline) {
			deadline = t
		}
		if t := start.Add(limit); deadline.After(t) {
			deadline = t
		}
		if done || time.Now().After(deadline) {
			return st, time.Since(start), nil
		}
		select {
		case <-ctx.Done():
			return st, time.Since(start), ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// checkIntegrity runs SQLite's own checks on the database file: its
// structure (integrity_check) and its references (foreign_key_check).
// PostgreSQL checks references itself, on every write.
func checkIntegrity(ctx context.Context, d *database) []string {
	if d.sqlite == "" {
		return nil
	}
	db, err := sql.Open("sqlite", d.dsn)
	if err != nil {
		return []string{"integrity: " + err.Error()}
	}
	defer db.Close()
	var problems []string
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		problems = append(problems, fmt.Sprintf("integrity_check: %q %v", ok, err))
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return append(problems, "foreign_key_check: "+err.Error())
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return append(problems, "foreign_key_check: "+err.Error())
		}
		problems = append(problems, fmt.Sprintf("foreign_key_check: %s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	return problems
}
