package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
)

// The tests check every write made while a job runs: one made from inside
// the job fails it loudly instead of waiting forever.
func init() { checkNestedWrites = true }

// openGroup opens a SQLite store with a table of its own for the tests.
func openGroup(t *testing.T) *Store {
	t.Helper()
	s := MustOpen(t, dbtest.SQLite(t))
	mustExec(t, s, `CREATE TABLE gc_rows (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
	return s
}

// insert is a job writing row id.
func insert(id int) func(tx runner) error {
	return func(tx runner) error {
		_, err := tx.exec(context.Background(), `INSERT INTO gc_rows (id, v) VALUES ($1, 'x')`, id)
		return err
	}
}

// rows lists the ids of gc_rows.
func rows(t *testing.T, s *Store) []int {
	t.Helper()
	r, err := s.read().query(context.Background(), `SELECT id FROM gc_rows ORDER BY id`)
	ids, err := collect(r, err, func(r scanner, id *int) error { return r.Scan(id) })
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// holdWriter runs a job that waits, so that the writes made meanwhile
// queue behind it; release lets it commit and returns its outcome.
func holdWriter(t *testing.T, s *Store) (release func() error) {
	t.Helper()
	started, wait := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.write(context.Background(), func(tx runner) error {
			close(started)
			<-wait
			return nil
		})
	}()
	<-started
	return func() error { close(wait); return <-done }
}

// queue starts the jobs in goroutines and waits until all are queued; the
// answers come on the channel returned, by index.
func queue(t *testing.T, s *Store, ctxs []context.Context, jobs []func(tx runner) error) []chan error {
	t.Helper()
	out := make([]chan error, len(jobs))
	for i, fn := range jobs {
		out[i] = make(chan error, 1)
		ctx := context.Background()
		if ctxs != nil {
			ctx = ctxs[i]
		}
		go func() { out[i] <- s.write(ctx, fn) }()
		// One at a time, so that they queue in order.
		for deadline := time.Now().Add(10 * time.Second); len(s.group.jobs) < i+1; {
			if time.Now().After(deadline) {
				t.Fatalf("job %d never queued", i)
			}
			time.Sleep(time.Millisecond)
		}
	}
	return out
}

// TestGroupCommitBatches: writes that queue while the writer is busy are
// committed together, in one transaction, and each is answered.
func TestGroupCommitBatches(t *testing.T) {
	s := openGroup(t)
	before := s.WriteStats()
	release := holdWriter(t, s)
	var jobs []func(tx runner) error
	for i := range 20 {
		jobs = append(jobs, insert(i+1))
	}
	answers := queue(t, s, nil, jobs)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, a := range answers {
		if err := <-a; err != nil {
			t.Errorf("job %d: %v", i, err)
		}
	}
	after := s.WriteStats()
	if got, want := after.Commits-before.Commits, uint64(2); got != want {
		t.Errorf("commits = %d, want %d (the held job, then the 20 queued behind it)", got, want)
	}
	if got, want := after.Writes-before.Writes, uint64(21); got != want {
		t.Errorf("writes = %d, want %d", got, want)
	}
	if got := len(rows(t, s)); got != 20 {
		t.Errorf("%d rows, want 20", got)
	}

	// A write alone is committed at once, alone.
	before = s.WriteStats()
	if err := s.write(context.Background(), insert(100)); err != nil {
		t.Fatal(err)
	}
	if got := s.WriteStats().Commits - before.Commits; got != 1 {
		t.Errorf("a write alone: %d commits, want 1", got)
	}
}

// TestGroupCommitOneFails: a job that fails in a batch, by its own error or
// the database's, or by panicking, is rolled back alone; the others commit.
func TestGroupCommitOneFails(t *testing.T) {
	s := openGroup(t)
	mustExec(t, s, `INSERT INTO gc_rows (id, v) VALUES (50, 'there')`)
	own := errors.New("the job's own error")
	writeThen := func(id int, then func() error) func(tx runner) error {
		return func(tx runner) error {
			if err := insert(id)(tx); err != nil {
				return err
			}
			return then()
		}
	}
	release := holdWriter(t, s)
	// The fourth job meets a unique key the database refuses.
	jobs := []func(tx runner) error{
		insert(1),
		writeThen(2, func() error { return own }),
		insert(3),
		func(tx runner) error {
			if err := insert(4)(tx); err != nil {
				return err
			}
			return insert(50)(tx)
		},
		insert(5),
		writeThen(6, func() error { panic("a bug") }),
		insert(7),
	}
	answers := queue(t, s, nil, jobs)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, a := range answers {
		err := <-a
		switch i {
		case 1:
			if !errors.Is(err, own) {
				t.Errorf("job 2: %v, want its own error", err)
			}
		case 3:
			if emessage.ErrorCode(err) != emessage.EConflict {
				t.Errorf("job 4: %v, want a conflict", err)
			}
		case 5:
			if err == nil || !strings.Contains(err.Error(), "panicked: a bug") {
				t.Errorf("job 6: %v, want its panic", err)
			}
		default:
			if err != nil {
				t.Errorf("job %d: %v", i+1, err)
			}
		}
	}
	if got, want := fmt.Sprint(rows(t, s)), "[1 3 5 7 50]"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
	// The committer goes on after the panic.
	if err := s.write(context.Background(), insert(8)); err != nil {
		t.Fatal(err)
	}
	// A job alone runs without a savepoint: failing, it leaves nothing.
	if err := s.write(context.Background(), writeThen(9, func() error { return own })); !errors.Is(err, own) {
		t.Fatalf("a job alone: %v, want its own error", err)
	}
	if err := s.write(context.Background(), writeThen(10, func() error { panic("alone") })); err == nil {
		t.Fatal("a job alone panicked: no error")
	}
	if got, want := fmt.Sprint(rows(t, s)), "[1 3 5 7 8 50]"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
}

// TestGroupCommitContexts: a write whose context is done never runs; one
// whose caller leaves while it is queued is answered at once and never
// runs; one whose context ends while it runs is committed whole, since its
// statements are not interrupted.
func TestGroupCommitContexts(t *testing.T) {
	s := openGroup(t)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Bool
	err := s.write(done, func(tx runner) error { ran.Store(true); return nil })
	if !errors.Is(err, context.Canceled) || ran.Load() {
		t.Fatalf("a write with a done context: %v (ran %v), want canceled, not run", err, ran.Load())
	}

	release := holdWriter(t, s)
	leave, leaveNow := context.WithCancel(context.Background())
	during, endDuring := context.WithCancel(context.Background())
	answers := queue(t, s, []context.Context{leave, during, context.Background()}, []func(tx runner) error{
		func(tx runner) error { ran.Store(true); return insert(1)(tx) },
		func(tx runner) error {
			if err := insert(2)(tx); err != nil {
				return err
			}
			endDuring()
			time.Sleep(5 * time.Millisecond) // SQLite would be interrupted by now
			_, err := tx.exec(during, `INSERT INTO gc_rows (id, v) VALUES (3, 'x')`)
			return err
		},
		insert(4),
	})
	leaveNow()
	select {
	case err := <-answers[0]:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the caller who left: %v, want canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the caller who left while queued waits for the writer")
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, a := range answers[1:] {
		if err := <-a; err != nil {
			t.Errorf("job %d: %v", i+2, err)
		}
	}
	if ran.Load() {
		t.Error("the job of the caller who left ran")
	}
	if got, want := fmt.Sprint(rows(t, s)), "[2 3 4]"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
}

// TestGroupCommitClose: Close lets the writes already queued finish; a
// write after it fails at once.
func TestGroupCommitClose(t *testing.T) {
	s, err := Open(context.Background(), dbtest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, s, `CREATE TABLE gc_rows (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
	release := holdWriter(t, s)
	answers := queue(t, s, nil, []func(tx runner) error{insert(1), insert(2), insert(3)})
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	time.Sleep(20 * time.Millisecond) // Close is waiting for the writer
	if err := release(); err != nil {
		t.Fatal(err)
	}
	for i, a := range answers {
		if err := <-a; err != nil {
			t.Errorf("job %d queued before Close: %v", i+1, err)
		}
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	if err := s.write(context.Background(), insert(4)); !errors.Is(err, errClosed) {
		t.Fatalf("a write after Close: %v, want %v", err, errClosed)
	}
}

// TestNestedWrite: a job that calls write itself fails, loudly, instead of
// waiting for itself forever.
func TestNestedWrite(t *testing.T) {
	s := openGroup(t)
	for _, name := range []string{"same context", "another context"} {
		ctx := context.Background()
		err := s.write(ctx, func(tx runner) error {
			inner := ctx
			if name == "another context" {
				inner = context.WithValue(ctx, struct{}{}, 1)
			}
			return s.write(inner, insert(1))
		})
		if err == nil || !strings.Contains(err.Error(), "inside a write transaction") {
			t.Errorf("%s: %v, want the nested write refused", name, err)
		}
	}
}

// TestCheckpoints: the writer never checkpoints (wal_autocheckpoint is
// off), the checkpointer does, and the log stays bounded under writes with
// short reads going on all the time beside them. (A read longer than
// checkpointWait, all the time, would let it grow: see checkpointer.)
func TestCheckpoints(t *testing.T) {
	defer func(n int) { walLimitPages = n }(walLimitPages)
	walLimitPages = 1000
	url := dbtest.SQLite(t)
	s := MustOpen(t, url)
	var auto int
	conn, err := s.writer.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(context.Background(), "PRAGMA wal_autocheckpoint").Scan(&auto); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if auto != 0 {
		t.Errorf("wal_autocheckpoint = %d on the writer, want 0", auto)
	}
	mustExec(t, s, `CREATE TABLE gc_blobs (id INTEGER PRIMARY KEY, b BLOB NOT NULL)`)

	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int // a short read, as the service's are
				s.read().queryRow(context.Background(), `SELECT length(b) FROM gc_blobs ORDER BY id DESC LIMIT 1`).Scan(&n)
			}
		})
	}
	wal := strings.TrimPrefix(url, "sqlite:") + "-wal"
	var largest int64
	blob := make([]byte, 8<<10)
	const writes = 4000 // about 12,000 pages, past the log's bound many times
	var writers sync.WaitGroup
	for w := range 4 {
		writers.Go(func() {
			for i := w; i < writes; i += 4 {
				err := s.write(context.Background(), func(tx runner) error {
					_, err := tx.exec(context.Background(), `INSERT INTO gc_blobs (id, b) VALUES ($1, $2)`, i, blob)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				if fi, err := os.Stat(wal); err == nil && w == 0 {
					largest = max(largest, fi.Size())
				}
			}
		})
	}
	writers.Wait()
	close(stop)
	readers.Wait()
	if s.checkpoints.runs.Load() == 0 {
		t.Error("no checkpoint ran")
	}
	// The bound plus what is written before the checkpointer comes round.
	if bound := int64(2*walLimitPages+6*checkpointPages) * 4096; largest > bound {
		t.Errorf("the log grew to %d bytes, past %d", largest, bound)
	}
	t.Logf("largest log %d KiB, %d checkpoints (%d between transactions), %+v", largest>>10, s.checkpoints.runs.Load(), s.checkpoints.gated.Load(), s.WriteStats())
}
