package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

// runner is a pool or a transaction that speaks the store's dialect: queries
// are rebound to its placeholders, run as statements kept prepared when
// the store keeps them, and their errors translated into *emessage.Error.
type runner struct {
	db interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	d     *dialect
	stmts *statements // of the pool db is, or runs in (nil: none kept)
	tx    *sql.Tx     // when db is a transaction
	// shared is set in a transaction that holds several requests' writes
	// (group commit, SQLite): their statements run without their
	// requests' cancellation, which would interrupt SQLite and roll back
	// the whole transaction, and the statements on its connection are kept
	// for the transaction's length in txStmts.
	shared  bool
	txStmts map[string]*sql.Stmt
	// pipe holds the writes of a PostgreSQL write transaction for its next
	// round trip (pipeline.go); every statement that waits for its answer
	// sends them first.
	pipe *pipeline
}

func (s *Store) read() runner { return runner{db: s.reader, d: s.dialect, stmts: s.readStmts} }

// readTogether runs the reads of fn as one: on SQLite in one read
// transaction, so that they see one moment of the database and share the
// connection's page cache. SQLite empties a connection's cache whenever
// a read begins after another connection committed, which under a steady
// load of writes (every Detail view writes its audit row) is nearly every
// statement: each of a page's reads read the same index pages again from
// the kernel (docs/PERFORMANCE.md). On PostgreSQL the reads run on the pool
// as before: a transaction would cost two more round trips.
func (s *Store) readTogether(ctx context.Context, fn func(r runner) error) error {
	if s.dialect.name == "postgres" {
		return fn(s.read())
	}
	tx, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	defer s.readStmts.prepareWaiting(ctx) // after the transaction gave its connection back
	defer tx.Rollback()
	return fn(runner{db: tx, d: s.dialect, stmts: s.readStmts, tx: tx})
}

// stmt is the prepared statement of query for this runner, or nil.
func (r runner) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := r.txStmts[query]; ok {
		return st
	}
	st := r.stmts.get(ctx, query, r.tx != nil)
	if st != nil && r.tx != nil {
		st = r.tx.StmtContext(ctx, st) // the same statement, on the transaction's connection
		if r.txStmts != nil {
			r.txStmts[query] = st
		}
	}
	return st
}

// context is ctx as a statement of this runner runs under it: in a shared
// transaction, without its cancellation (its values are kept).
func (r runner) context(ctx context.Context) context.Context {
	if r.shared {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// later runs a write whose answer its caller does not wait for: now, or in
// a pipelined transaction with the transaction's next round trip, its error
// then the transaction's. scan, if not nil, reads its one row (RETURNING)
// and explain, if not nil, turns its error into the caller's.
func (r runner) later(ctx context.Context, scan func(scanner) error, explain func(error) error, query string, args ...any) error {
	if r.pipe != nil {
		r.pipe.hold(heldWrite{query: r.d.rebind(query), args: args, scan: scan, explain: explain})
		return nil
	}
	var err error
	if scan != nil {
		err = scan(r.queryRow(ctx, query, args...))
	} else {
		_, err = r.exec(ctx, query, args...)
	}
	if err != nil && explain != nil {
		err = explain(err)
	}
	return err
}

func (r runner) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.context(ctx)
	if err := r.pipe.flushFor(ctx); err != nil {
		return nil, err
	}
	query = r.d.rebind(query)
	var res sql.Result
	var err error
	if st := r.stmt(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = r.db.ExecContext(ctx, query, args...)
	}
	return res, r.d.translate(err)
}

// execN runs a statement and returns the number of rows it changed.
func (r runner) execN(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := r.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (r runner) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = r.context(ctx)
	if err := r.pipe.flushFor(ctx); err != nil {
		return nil, err
	}
	query = r.d.rebind(query)
	var rows *sql.Rows
	var err error
	if st := r.stmt(ctx, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = r.db.QueryContext(ctx, query, args...)
	}
	return rows, r.d.translate(err)
}

func (r runner) queryRow(ctx context.Context, query string, args ...any) row {
	ctx = r.context(ctx)
	if err := r.pipe.flushFor(ctx); err != nil {
		return row{err: err}
	}
	query = r.d.rebind(query)
	if st := r.stmt(ctx, query); st != nil {
		return row{r: st.QueryRowContext(ctx, args...), d: r.d}
	}
	return row{r: r.db.QueryRowContext(ctx, query, args...), d: r.d}
}

// row is a *sql.Row whose Scan translates errors; sql.ErrNoRows stays as is.
// err, when set, is the error of the writes sent before the query.
type row struct {
	r   *sql.Row
	d   *dialect
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return r.d.translate(err)
}
