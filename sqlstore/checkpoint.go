package sqlstore

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// checkpointer copies the SQLite write-ahead log back into the database
// file, from a connection of its own, so that no request's commit pays for
// it. SQLite's automatic checkpoint (every 1,000 pages, inside the commit
// that crossed the line) is off on the writer; the checkpointer runs a
// PASSIVE checkpoint, which goes on beside the writer, once the commits
// wrote checkpointPages pages or every checkpointEvery, whichever comes
// first.
//
// The log starts again from its beginning only when a writer begins while
// all of it was copied back and no reader still reads from it. Under a
// steady load of writes a checkpoint beside the writer rarely ends with
// nothing left to copy, so once the log holds walLimitPages the checkpointer
// copies the rest between two write transactions (holding the committer's
// gate, without waiting for readers): the next writer starts the log again
// unless a reader that began before the copy ended still reads. If the log
// reaches twice walLimitPages all the same, the checkpointer also waits, up
// to checkpointWait, for those readers to finish (RESTART): the writes wait
// that long at most, rarely. A read that lasts longer (a Copy, a slow
// export) keeps the log from starting again until it ends, and the log
// grows meanwhile (docs/PERFORMANCE.md). When no page was written for a
// whole period, the log is emptied (TRUNCATE), waiting as long at most.
type checkpointer struct {
	db     *sql.DB      // one connection of its own
	gate   *sync.Mutex  // the committer's: held, no write transaction runs
	limit  int          // walLimitPages when the store was opened
	pages  atomic.Int64 // written since the last checkpoint
	recent atomic.Bool  // some written since the last tick
	wake   chan struct{}
	quit   chan struct{}
	done   chan struct{}

	runs, gated atomic.Uint64 // checkpoints run, and between transactions (for tests)
}

const (
	checkpointPages = 1000
	checkpointEvery = 2 * time.Second
	checkpointWait  = 20 * time.Millisecond
)

// walLimitPages is the size of the log, in pages, past which it is copied
// between transactions: about 32 MB of 4 KiB pages. Tests lower it.
var walLimitPages = 8000

func newCheckpointer(db *sql.DB, gate *sync.Mutex) *checkpointer {
	c := &checkpointer{db: db, gate: gate, limit: walLimitPages, wake: make(chan struct{}, 1),
		quit: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// wrote counts pages a commit wrote to the log (the committer calls it).
func (c *checkpointer) wrote(pages int) {
	c.recent.Store(true)
	if c.pages.Add(int64(pages)) >= checkpointPages {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

func (c *checkpointer) close() {
	close(c.quit)
	<-c.done
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	logged := 1 // frames in the log at the last checkpoint (at first: some, perhaps)
	for {
		idle := false
		select {
		case <-c.quit:
			return
		case <-c.wake:
		case <-tick.C:
			idle = !c.recent.Swap(false)
			if idle && logged == 0 {
				continue
			}
		}
		c.pages.Store(0)
		switch {
		case idle:
			logged = c.between("TRUNCATE")
		default:
			if logged = c.checkpoint("PASSIVE"); logged >= c.limit {
				mode := "PASSIVE"
				if logged >= 2*c.limit {
					mode = "RESTART"
				}
				logged = c.between(mode)
			}
		}
	}
}

// between runs a checkpoint of mode while no write transaction runs.
func (c *checkpointer) between(mode string) (logged int) {
	c.gate.Lock()
	defer c.gate.Unlock()
	c.gated.Add(1)
	return c.checkpoint(mode)
}

// checkpoint runs one and returns how many frames the log holds after it
// (0 once it started again).
func (c *checkpointer) checkpoint(mode string) (logged int) {
	c.runs.Add(1)
	var busy, log, copied int
	err := c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &copied)
	if err != nil {
		slog.Warn("sqlstore: checkpoint", "mode", mode, "err", err)
		return 0
	}
	if busy == 0 && (mode == "TRUNCATE" || log == copied) {
		return 0 // empty, or the next write starts it again (unless a reader holds it)
	}
	return log
}
