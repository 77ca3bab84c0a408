package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/county/emessage"
)

// Retention (issue 18): closed threads move, whole, from the tables in use
// into the archive tables of the same columns (migration 0015).

// Counties lists every county, by code.
func (s *Store) Counties(ctx context.Context) ([]emessage.County, error) {
	rows, err := s.read().query(ctx, `SELECT code, name, two_way, response_business_days, default_program,
			holidays, action_due_days, retention_years
		FROM counties ORDER BY code`)
	return collect(rows, err, func(r scanner, c *emessage.County) error {
		var holidays string
		err := r.Scan(&c.Code, &c.Name, &c.TwoWay, &c.ResponseBusinessDays, &c.DefaultProgram, &holidays,
			&c.ActionDueDays, &c.RetentionYears)
		c.Holidays = splitDays(holidays)
		return err
	})
}

// archivedTables are the tables of a record that move with it, each into
// TABLE_archive, children before the records themselves are deleted.
var archivedTables = []string{"message_history", "uploads", "notifications", "webhook_events"}

// ArchiveThreads moves up to limit threads of county whose records are all
// closed and unchanged since before, with their history, uploads and
// e-Notifications, in one transaction with the audit entry of the move.
func (s *Store) ArchiveThreads(ctx context.Context, county string, before time.Time, limit int,
	audit func(threads, records int) emessage.AuditEntry) (threads, records int, err error) {
	closed := "'" + strings.Join(statusStrings(emessage.ClosedStatuses), "', '") + "'"
	err = s.write(ctx, func(tx runner) error {
		threads, records = 0, 0
		rows, err := tx.query(ctx, `SELECT DISTINCT m.thread_id FROM messages m
			WHERE m.county = $1 AND m.created_at < $2 AND m.updated_at < $2 AND m.status IN (`+closed+`)
				AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.thread_id = m.thread_id
					AND (o.status NOT IN (`+closed+`) OR o.updated_at >= $2 OR o.scheduled))
			LIMIT $3`, county, micros(before), limit)
		ids, err := collect(rows, err, func(r scanner, id *string) error { return r.Scan(id) })
		if err != nil || len(ids) == 0 {
			return err
		}
		var a args
		in := make([]string, len(ids))
		for i, id := range ids {
			in[i] = a.add(id)
		}
		inThreads := "thread_id IN (" + strings.Join(in, ", ") + ")"
		ofThreads := "message_id IN (SELECT id FROM messages WHERE " + inThreads + ")"
		cols := tableColumns("messages")
		now := a.add(micros(time.Now()))
		if _, err := tx.exec(ctx, `INSERT INTO messages_archive (`+cols+`, archived_at) SELECT `+cols+`, `+now+
			` FROM messages WHERE `+inThreads, a...); err != nil {
			return err
		}
		for _, t := range archivedTables {
			cols := tableColumns(t)
			if _, err := tx.exec(ctx, `INSERT INTO `+t+`_archive (`+cols+`) SELECT `+cols+` FROM `+t+` WHERE `+ofThreads, a[:len(ids)]...); err != nil {
				return err
			}
		}
		for _, t := range archivedTables {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE `+ofThreads, a[:len(ids)]...); err != nil {
				return err
			}
		}
		n, err := tx.execN(ctx, `DELETE FROM messages WHERE `+inThreads, a[:len(ids)]...)
		if err != nil {
			return err
		}
		threads, records = len(ids), int(n)
		return appendAudit(ctx, tx, audit(threads, records))
	})
	return threads, records, err
}

// tableColumns names the columns of a table as copyTables lists them.
func tableColumns(table string) string {
	for _, t := range copyTables {
		if t.name == table {
			names, _ := t.cols()
			return strings.Join(names, ", ")
		}
	}
	panic("sqlstore: no table " + table + " in copyTables")
}

func statusStrings(ss []emessage.Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
