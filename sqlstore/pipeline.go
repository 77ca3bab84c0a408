package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A PostgreSQL write transaction is pipelined: its BEGIN and the writes
// whose answers it does not wait for (a send's record, history, email and
// audit entry) are held and go to the server together with the next
// statement it does wait for, or with its COMMIT, as one pgx batch: one
// round trip where a send made six (docs/PERFORMANCE.md). The server runs
// them in order, as it would have one by one; the first that fails skips
// the rest and is the transaction's error, which is then rolled back.
//
// The transaction is the connection's own (BEGIN ... COMMIT sent as
// statements on a *sql.Conn), not a *sql.Tx, which would spend a round trip
// on each. A connection given back while still in a transaction (a
// rollback that failed) is discarded by pgx's ResetSession.
type pipeline struct {
	conn    *sql.Conn
	d       *dialect
	held    []heldWrite
	begun   bool // BEGIN reached the server
	settled bool // committed or rolled back
}

// heldWrite is a statement waiting for the transaction's next round trip:
// scan reads its one row (INSERT ... RETURNING), explain turns its error
// (translated) into the caller's.
type heldWrite struct {
	query   string
	args    []any
	scan    func(scanner) error
	explain func(error) error
}

// writePipelined runs fn in one pipelined PostgreSQL transaction.
func (s *Store) writePipelined(ctx context.Context, fn func(tx runner) error) error {
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return s.dialect.translate(err)
	}
	defer conn.Close()
	p := &pipeline{conn: conn, d: s.dialect, held: []heldWrite{{query: "BEGIN"}}}
	defer p.rollback(ctx)
	if err := fn(runner{db: conn, d: s.dialect, pipe: p}); err != nil {
		return err
	}
	return p.send(ctx, true)
}

// hold keeps w for the next round trip.
func (p *pipeline) hold(w heldWrite) { p.held = append(p.held, w) }

// flushFor sends what is held before a statement that waits for its answer
// (nothing without a pipeline).
func (p *pipeline) flushFor(ctx context.Context) error {
	if p == nil || len(p.held) == 0 {
		return nil
	}
	return p.send(ctx, false)
}

// send sends what is held, and then COMMIT when commit is set, in one
// round trip.
func (p *pipeline) send(ctx context.Context, commit bool) error {
	if p.settled {
		return fmt.Errorf("postgres: the write transaction has ended")
	}
	ws := p.held
	if commit {
		ws = append(ws, heldWrite{query: "COMMIT"})
	}
	p.held = nil
	var b pgx.Batch
	for _, w := range ws {
		q := b.Queue(w.query, w.args...)
		q.Fn = func(br pgx.BatchResults) error {
			var err error
			if w.scan != nil {
				err = w.scan(br.QueryRow())
			} else {
				_, err = br.Exec()
			}
			err = p.d.translate(err)
			if err != nil && w.explain != nil {
				err = w.explain(err)
			}
			return err
		}
	}
	return p.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: a connection of type %T, not pgx's", dc)
		}
		err := c.Conn().SendBatch(ctx, &b).Close() // a connection it broke is discarded by ResetSession
		// BEGIN is the first statement ever sent, and it does not fail on
		// an open connection: from here on, there is a transaction to end.
		p.begun = true
		p.settled = err == nil && commit
		return err
	})
}

// rollback ends a transaction that did not commit. Nothing is sent when
// nothing was: a write that failed before its first statement reached the
// server costs no round trip at all.
func (p *pipeline) rollback(ctx context.Context) {
	if p.settled || !p.begun {
		return
	}
	p.settled = true
	p.held = nil
	p.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") // a failure leaves the connection in a transaction: pgx discards it
}
