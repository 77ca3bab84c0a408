package sqlstore

import (
	"context"

	"github.com/county/emessage"
)

// SetAway saves the worker's away period and stand-in (SPEC section 12);
// the zero Away clears them.
func (s *Store) SetAway(ctx context.Context, workerID int64, away emessage.Away, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE workers SET away_from = $1, away_to = $2, stand_in_id = $3 WHERE id = $4`,
			away.From, away.To, nullID(away.StandInID), workerID)
		if err != nil {
			return err
		}
		if n == 0 {
			return emessage.NotFound("Worker")
		}
		return appendAudit(ctx, tx, audit)
	})
}

// Team lists the workers whose supervisor is supervisorID, by name.
func (s *Store) Team(ctx context.Context, supervisorID int64) ([]*emessage.Worker, error) {
	return s.workers(ctx, `SELECT `+workerColumns+` FROM workers WHERE supervisor_id = $1 ORDER BY name, username`, supervisorID)
}

// CountyWorkers lists the enabled workers of a county, by name.
func (s *Store) CountyWorkers(ctx context.Context, county string) ([]*emessage.Worker, error) {
	return s.workers(ctx, `SELECT `+workerColumns+` FROM workers WHERE county = $1 AND disabled = FALSE ORDER BY name, username`, county)
}

func (s *Store) workers(ctx context.Context, query string, args ...any) ([]*emessage.Worker, error) {
	rows, err := s.read().query(ctx, query, args...)
	return collect(rows, err, func(r scanner, w **emessage.Worker) error {
		*w = &emessage.Worker{}
		return scanWorker(r, *w)
	})
}
