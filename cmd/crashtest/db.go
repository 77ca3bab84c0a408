package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the driver of the service's SQLite store
)

// note is a row of the notifications table (the e-Notification queue).
type note struct {
	MessageID, MailID, Email, Status, LastError string
	Attempts                                    int
	LeasedUntil                                 sql.NullInt64 // Unix microseconds
}

// dbState is what the database holds: every record to a customer, and the
// queue by message id.
type dbState struct {
	toCustomer map[string]bool
	notes      map[string]note
}

// readDB reads the service's SQLite file directly, read-only, while the
// server runs (WAL lets both read at once).
func readDB(ctx context.Context, path string) (dbState, error) {
	st := dbState{toCustomer: map[string]bool{}, notes: map[string]note{}}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return st, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT id FROM messages WHERE direction = 'to_customer'`)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return st, err
		}
		st.toCustomer[id] = true
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
func drain(ctx context.Context, path string, sink *mailSink, margin, limit time.Duration) (dbState, time.Duration, error) {
	start := time.Now()
	for {
		st, err := readDB(ctx, path)
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
func checkIntegrity(ctx context.Context, path string) []string {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
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
