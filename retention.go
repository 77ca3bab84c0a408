package emessage

import (
	"context"
	"fmt"
	"time"
)

// Retention (issue 18): a county keeps closed threads in the tables in use
// for County.RetentionYears, then "emessage archive" (and serve, every
// night) moves them into archive tables of the same columns, whole threads
// with their history, uploads and e-Notifications, a batch at a time.
// Nothing is deleted: a search with Archived reads them, a record's address
// still opens it (read-only), and the audit trail keeps every entry.

// MaxRetentionYears bounds County.RetentionYears.
const MaxRetentionYears = 100

// ArchiveBatch is how many threads one archive transaction moves, so that
// the nightly run never holds the writer for long.
const ArchiveBatch = 500

// ClosedStatuses are the statuses in which a record needs nobody any more;
// a thread whose records are all in them, and none changed since the
// cutoff, may be archived.
var ClosedStatuses = []Status{StatusSent, StatusReplied, StatusActionClosed}

// ArchiveStore moves closed threads into the archive.
type ArchiveStore interface {
	// Counties lists every county, by code.
	Counties(ctx context.Context) ([]County, error)
	// ArchiveThreads moves up to limit threads of the county whose records
	// are all closed and unchanged since before, in one transaction with
	// the audit entry made by audit from what it moved; it returns how many
	// threads and records it moved.
	ArchiveThreads(ctx context.Context, county string, before time.Time, limit int,
		audit func(threads, records int) AuditEntry) (threads, records int, err error)
}

// ArchiveResult is what an archive run moved in one county.
type ArchiveResult struct {
	County           County
	Before           time.Time // closed threads unchanged since before this were moved
	Threads, Records int
}

// Archive moves, in every county with a retention period, the closed
// threads older than it into the archive; by names who runs it (an
// operator, or "serve" for the nightly run).
func (s *Service) Archive(ctx context.Context, by string) ([]ArchiveResult, error) {
	counties, err := s.Store.Counties(ctx)
	if err != nil {
		return nil, err
	}
	var out []ArchiveResult
	for _, c := range counties {
		if c.RetentionYears <= 0 {
			continue
		}
		now := s.now()
		res := ArchiveResult{County: c, Before: now.AddDate(-c.RetentionYears, 0, 0)}
		for {
			threads, records, err := s.Store.ArchiveThreads(ctx, c.Code, res.Before, ArchiveBatch,
				func(threads, records int) AuditEntry {
					return AuditEntry{At: now, ActorKind: "operator", Actor: by, Action: "archive", ObjectType: "county",
						ObjectID: c.Code, Detail: fmt.Sprintf("%d threads (%d records) closed before %s", threads, records,
							res.Before.Format(time.DateOnly))}
				})
			if err != nil {
				return out, err
			}
			res.Threads += threads
			res.Records += records
			if threads < ArchiveBatch {
				break
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// refuseArchived refuses a change to a record of an archived thread.
func refuseArchived(m *Message) error {
	if m.Archived {
		return Errorf(EInvalidTransition, "e-Message %s is archived: it can be read, not changed.", m.ID)
	}
	return nil
}
