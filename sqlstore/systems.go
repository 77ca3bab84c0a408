package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/county/emessage"
)

// The county systems' tokens (SPEC 15), kept by their SHA-256 hash.

// CreateSystemToken keeps a new token, EConflict when a live one has the name.
func (s *Store) CreateSystemToken(ctx context.Context, t emessage.SystemToken, tokenHash string, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		var county any
		if t.County != "" {
			county = t.County
		}
		_, err := tx.exec(ctx, `INSERT INTO system_tokens (name, county, token_hash, created_at) VALUES ($1, $2, $3, $4)`,
			t.Name, county, tokenHash, micros(t.CreatedAt))
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

// SystemTokens lists every token, live ones first, by name.
func (s *Store) SystemTokens(ctx context.Context) ([]emessage.SystemToken, error) {
	rows, err := s.read().query(ctx, `SELECT name, county, created_at, last_used_at, revoked_at FROM system_tokens
		ORDER BY revoked_at IS NOT NULL, name, created_at`)
	return collect(rows, err, func(r scanner, t *emessage.SystemToken) error {
		return scanSystemToken(r, t)
	})
}

func scanSystemToken(r scanner, t *emessage.SystemToken) error {
	var county sql.NullString
	var created int64
	var used, revoked sql.NullInt64
	if err := r.Scan(&t.Name, &county, &created, &used, &revoked); err != nil {
		return err
	}
	t.County, t.CreatedAt = county.String, fromMicros(created)
	if used.Valid {
		t.LastUsedAt = fromMicros(used.Int64)
	}
	if revoked.Valid {
		t.RevokedAt = fromMicros(revoked.Int64)
	}
	return nil
}

// RevokeSystemToken ends the live token of a name.
func (s *Store) RevokeSystemToken(ctx context.Context, name string, at time.Time, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE system_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL`, micros(at), name)
		if err != nil {
			return err
		}
		if n == 0 {
			return emessage.NotFound("System token")
		}
		return appendAudit(ctx, tx, audit)
	})
}

// SystemTokenByHash returns the live token of a hash; its last use is
// written at most once a minute, so that a busy system's reads stay reads.
func (s *Store) SystemTokenByHash(ctx context.Context, tokenHash string, now time.Time) (emessage.SystemToken, error) {
	var t emessage.SystemToken
	err := scanSystemToken(s.read().queryRow(ctx, `SELECT name, county, created_at, last_used_at, revoked_at
		FROM system_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash), &t)
	if err != nil {
		return t, notFound(err, "System token")
	}
	if now.Sub(t.LastUsedAt) > time.Minute {
		err = s.write(ctx, func(tx runner) error {
			_, err := tx.exec(ctx, `UPDATE system_tokens SET last_used_at = $1 WHERE token_hash = $2`, micros(now), tokenHash)
			return err
		})
	}
	return t, err
}
