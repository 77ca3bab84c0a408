package sqlstore

import (
	"context"
	"strings"

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
		err := tx.later(ctx, nil, nil, `INSERT INTO audit_log
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
	return s.audit(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE object_type = $1 AND object_id = $2 ORDER BY at, id`, objectType, objectID)
}

const auditColumns = "at, actor_kind, actor_id, actor, action, object_type, object_id, detail"

// MessageAudit is what was done to a record and to its uploads, oldest first.
func (s *Store) MessageAudit(ctx context.Context, messageID string) ([]emessage.AuditEntry, error) {
	return s.audit(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE (object_type = 'message' AND object_id = $1)
		OR (object_type = 'upload' AND object_id IN (SELECT u.public_id FROM uploads u WHERE u.message_id = $1))
		ORDER BY at, id`, messageID)
}

// CaseAudit is what was done to a case's records and their uploads, and
// to the case itself (its exports, its trail read), newest first, at most
// limit entries.
func (s *Store) CaseAudit(ctx context.Context, caseID int64, limit int) ([]emessage.AuditEntry, error) {
	return s.audit(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE (object_type = 'message' AND object_id IN (SELECT m.id FROM messages m WHERE m.case_id = $1))
		OR (object_type = 'case' AND object_id = (SELECT c.number FROM cases c WHERE c.id = $1))
		OR (object_type = 'upload' AND object_id IN (SELECT u.public_id FROM uploads u
			JOIN messages um ON um.id = u.message_id WHERE um.case_id = $1))
		ORDER BY at DESC, id DESC LIMIT $2`, caseID, limit)
}

func (s *Store) audit(ctx context.Context, query string, args ...any) ([]emessage.AuditEntry, error) {
	rows, err := s.read().query(ctx, query, args...)
	return collect(rows, err, func(r scanner, e *emessage.AuditEntry) error {
		var at int64
		err := r.Scan(&at, &e.ActorKind, &e.ActorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail)
		e.At = fromMicros(at)
		return err
	})
}

// SeenBy returns the workers who opened each of the records (their
// message.view audit entries), each with their first opening, oldest first.
func (s *Store) SeenBy(ctx context.Context, messageIDs []string) (map[string][]emessage.Seen, error) {
	out := map[string][]emessage.Seen{}
	if len(messageIDs) == 0 {
		return out, nil
	}
	var a args
	in := make([]string, len(messageIDs))
	for i, id := range messageIDs {
		in[i] = a.add(id)
	}
	rows, err := s.read().query(ctx, `SELECT l.object_id, l.actor, COALESCE(w.name, l.actor), MIN(l.at) AS first
		FROM audit_log l LEFT JOIN workers w ON w.username = l.actor
		WHERE l.object_type = 'message' AND l.object_id IN (`+strings.Join(in, ", ")+`)
			AND l.action = 'message.view' AND l.actor_kind = 'worker'
		GROUP BY l.object_id, l.actor, w.name
		ORDER BY first, l.actor`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var seen emessage.Seen
		var at int64
		if err := rows.Scan(&id, &seen.Username, &seen.Name, &at); err != nil {
			return nil, err
		}
		seen.At = fromMicros(at)
		out[id] = append(out[id], seen)
	}
	return out, rows.Err()
}
