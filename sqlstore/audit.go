package sqlstore

import (
	"context"

	"github.com/county/emessage"
)

// AppendAudit writes audit entries in one transaction.
func (s *Store) AppendAudit(ctx context.Context, entries ...emessage.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return s.write(ctx, func(tx runner) error { return appendAudit(ctx, tx, entries...) })
}

func appendAudit(ctx context.Context, tx runner, entries ...emessage.AuditEntry) error {
	for _, e := range entries {
		_, err := tx.exec(ctx, `INSERT INTO audit_log
			(at, actor_kind, actor_id, actor, action, object_type, object_id, detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			micros(e.At), e.ActorKind, e.ActorID, e.Actor, e.Action, e.ObjectType, e.ObjectID, e.Detail)
		if err != nil {
			return err
		}
	}
	return nil
}

// AuditTrail lists the audit entries of an object, oldest first.
func (s *Store) AuditTrail(ctx context.Context, objectType, objectID string) ([]emessage.AuditEntry, error) {
	rows, err := s.read().query(ctx, `SELECT at, actor_kind, actor_id, actor, action, object_type, object_id, detail
		FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY at, id`, objectType, objectID)
	return collect(rows, err, func(r scanner, e *emessage.AuditEntry) error {
		var at int64
		err := r.Scan(&at, &e.ActorKind, &e.ActorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail)
		e.At = fromMicros(at)
		return err
	})
}
