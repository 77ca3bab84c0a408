package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
)

// committer is the SQLite store's one writer (group commit). Every write
// transaction of the process is a job handed to it; it takes the first job
// waiting and every job queued behind it (at most maxBatch), runs them one
// after another in one transaction, each in a savepoint of its own, and
// commits once. A job that fails is rolled back to its savepoint and fails
// alone; every job is answered once the commit that holds it is done, so
// nothing is acknowledged before it is in the write-ahead log. A job that
// finds the writer idle is committed at once, alone.
//
// Sends, record views (their audit entries) and answers queue for the one
// writer anyway; together they pay for one BEGIN and one COMMIT, write each
// page they share to the log once, and hand the connection over once
// (docs/PERFORMANCE.md, "Group commit").
type committer struct {
	db    *sql.DB // the writer pool, of one connection
	d     *dialect
	stmts *statements
	// wrote is told how many pages each commit wrote to the log (the
	// checkpointer's measure), or nil.
	wrote func(pages int)
	// gate is held while a transaction runs; the checkpointer takes it to
	// run between two transactions.
	gate sync.Mutex

	jobs      chan *writeJob
	quit      chan struct{} // closed by close: no new jobs
	stopped   chan struct{} // closed once every job taken is answered
	closeOnce sync.Once

	goroutine atomic.Int64             // the committer's goroutine id
	running   atomic.Pointer[writeJob] // the job whose fn runs now

	commits, committed atomic.Uint64 // transactions committed, and the writes in them
}

// maxBatch bounds the jobs of one transaction: the last of them waits for
// all the others before it is answered.
const maxBatch = 64

// errClosed answers a write made once the store is closed.
var errClosed = errors.New("sqlstore: the store is closed")

// checkNestedWrites makes every write while a job runs check whether it
// comes from inside that job (the tests set it): such a write would wait
// for itself forever. Without it, only a write made with the running job's
// own context is checked, which is the cheap and usual case.
var checkNestedWrites = false

type writeJob struct {
	ctx   context.Context
	fn    func(tx runner) error
	state atomic.Int32 // jobQueued, then jobTaken or jobAbandoned
	done  chan error   // the answer, buffered
}

const (
	jobQueued int32 = iota
	jobTaken
	jobAbandoned
)

func newCommitter(db *sql.DB, d *dialect, stmts *statements) *committer {
	return &committer{db: db, d: d, stmts: stmts,
		jobs: make(chan *writeJob, 4*maxBatch), quit: make(chan struct{}), stopped: make(chan struct{})}
}

// start starts the committer; wrote, if not nil, is told how many pages
// each commit wrote to the log.
func (c *committer) start(wrote func(pages int)) {
	c.wrote = wrote
	go c.run()
}

// write hands fn to the committer and returns its outcome: nil once what fn
// wrote is committed, fn's own error (nothing of it written), or the
// commit's. A caller whose ctx ends while its job is still queued is
// answered at once and the job never runs; once the job is taken the caller
// waits for its commit, so that an error always means nothing was written.
func (c *committer) write(ctx context.Context, fn func(tx runner) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.checkNested(ctx)
	select {
	case <-c.quit:
		return errClosed
	default:
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case c.jobs <- j:
	case <-c.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		if j.state.CompareAndSwap(jobQueued, jobAbandoned) {
			return ctx.Err()
		}
	case <-c.stopped:
		if j.state.CompareAndSwap(jobQueued, jobAbandoned) {
			return errClosed
		}
	}
	return <-j.done // taken: its answer comes with its commit
}

// checkNested panics when a job's fn calls write: the committer would wait
// for itself. Loud in tests, and a failed request rather than a store that
// stops writing anywhere else.
func (c *committer) checkNested(ctx context.Context) {
	j := c.running.Load()
	if j == nil || !(checkNestedWrites || sameContext(j.ctx, ctx)) {
		return
	}
	if goroutineID() == c.goroutine.Load() {
		panic("sqlstore: write called from inside a write transaction's function; it would wait for itself")
	}
}

// sameContext reports whether a and b are one context, false for contexts
// that cannot be compared.
func sameContext(a, b context.Context) (same bool) {
	defer func() { _ = recover() }()
	return a == b
}

// goroutineID is the id of the calling goroutine, from its stack's first
// line ("goroutine 17 [running]:"): slow, for the checks only.
func goroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}

// close stops taking jobs, lets the committer answer those already queued
// and waits for it.
func (c *committer) close() {
	c.closeOnce.Do(func() { close(c.quit) })
	<-c.stopped
}

func (c *committer) run() {
	c.goroutine.Store(goroutineID())
	defer close(c.stopped)
	var batch []*writeJob
	for {
		if len(batch) == 0 {
			select {
			case j := <-c.jobs:
				batch = c.take(batch, j)
			case <-c.quit:
				select { // the jobs queued before close, then stop
				case j := <-c.jobs:
					batch = c.take(batch, j)
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case j := <-c.jobs:
				batch = c.take(batch, j)
			default:
				break fill
			}
		}
		if len(batch) > 0 {
			batch = c.commit(batch)
		}
	}
}

// take adds j to batch unless its caller has gone meanwhile.
func (c *committer) take(batch []*writeJob, j *writeJob) []*writeJob {
	if j.state.CompareAndSwap(jobQueued, jobTaken) {
		return append(batch, j)
	}
	return batch
}

// commit runs batch in one transaction and answers its jobs. If the
// transaction is lost before every job ran (SQLite rolls the whole of it
// back on some errors, a full disk say), the jobs that ran are answered with
// that error and the ones that did not are returned, for the next.
func (c *committer) commit(batch []*writeJob) (rest []*writeJob) {
	c.gate.Lock()
	defer c.gate.Unlock()
	ctx := context.Background()
	errs := make([]error, len(batch))
	ran, lost := c.transaction(ctx, batch, errs)
	for i, j := range batch[:ran] {
		if lost != nil && errs[i] == nil {
			errs[i] = lost
		}
		j.done <- errs[i]
	}
	c.stmts.prepareWaiting(ctx) // the writer's connection is back in the pool
	return batch[ran:]
}

// transaction runs the jobs of batch in one transaction, their errors in
// errs, and reports how many ran and, when the transaction was not
// committed, why.
func (c *committer) transaction(ctx context.Context, batch []*writeJob, errs []error) (ran int, lost error) {
	conn, err := c.db.Conn(ctx)
	if err != nil {
		return len(batch), c.d.translate(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return len(batch), c.d.translate(err)
	}
	defer tx.Rollback() // after a commit, nothing
	r := runner{db: tx, d: c.d, stmts: c.stmts, tx: tx, shared: true, txStmts: map[string]*sql.Stmt{}}
	// A job alone needs no savepoint: if it fails, the whole transaction
	// is rolled back.
	savepoints := len(batch) > 1
	succeeded := 0
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			errs[i] = err // gone before it started: not run at all
			continue
		}
		var broken error
		errs[i], broken = c.runJob(ctx, r, j, savepoints)
		if broken != nil {
			return i + 1, fmt.Errorf("sqlstore: the write transaction was rolled back: %w", broken)
		}
		if errs[i] == nil {
			succeeded++
		}
	}
	if succeeded == 0 {
		return len(batch), nil // rolled back: nothing to keep
	}
	if err := tx.Commit(); err != nil {
		return len(batch), c.d.translate(err)
	}
	c.commits.Add(1)
	c.committed.Add(uint64(succeeded))
	if c.wrote != nil {
		c.wrote(pagesWritten(conn))
	}
	return len(batch), nil
}

// runJob runs one job, in a savepoint when it shares the transaction: its
// error, and broken when the transaction itself is lost.
//
// SQLite keeps what a savepoint changed in a sub-journal, the writer's in
// memory (temp_store=MEMORY): on disk it was a temporary file written for
// almost every send (a send changes more than the 64 KiB SQLite keeps in
// memory), a fifth of a send's processor time. A job that changes much
// while sharing a transaction (an import beside sends) holds as much memory
// until it is released; an import alone, as the command line's, has none.
func (c *committer) runJob(ctx context.Context, r runner, j *writeJob, savepoint bool) (err, broken error) {
	if !savepoint {
		return c.call(r, j), nil
	}
	if _, err := r.exec(ctx, "SAVEPOINT job"); err != nil {
		return err, err
	}
	if err = c.call(r, j); err == nil {
		if _, err := r.exec(ctx, "RELEASE job"); err != nil {
			return err, err
		}
		return nil, nil
	}
	if _, rerr := r.exec(ctx, "ROLLBACK TO job"); rerr != nil {
		return err, rerr
	}
	if _, rerr := r.exec(ctx, "RELEASE job"); rerr != nil {
		return err, rerr
	}
	return err, nil
}

// call runs the job's fn; a panic fails the job, not the committer.
func (c *committer) call(r runner, j *writeJob) (err error) {
	c.running.Store(j)
	defer func() {
		c.running.Store(nil)
		if p := recover(); p != nil {
			slog.Error("sqlstore: a write transaction's function panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("sqlstore: a write panicked: %v", p)
		}
	}()
	return j.fn(r)
}

// pagesWritten is how many pages the connection wrote to the write-ahead
// log since it was last asked.
func pagesWritten(conn *sql.Conn) (pages int) {
	conn.Raw(func(dc any) error {
		if st, ok := dc.(sqlite.DBStatus); ok {
			pages, _, _ = st.Status(sqlite.DBStatusCacheWrite, true)
		}
		return nil
	})
	return pages
}

// WriteStats counts the write transactions of a SQLite store.
type WriteStats struct {
	Commits uint64 // transactions committed
	Writes  uint64 // writes (one request's each) in them
}

// WriteStats is how many writes the store committed and in how many
// transactions (zero on PostgreSQL, where each write is its own).
func (s *Store) WriteStats() WriteStats {
	if s.group == nil {
		return WriteStats{}
	}
	return WriteStats{Commits: s.group.commits.Load(), Writes: s.group.committed.Load()}
}
