package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrationFS holds the numbered migrations of each dialect:
// migrations/<dialect>/NNNN_name.sql, applied in order, each in its own transaction.
//
//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (d *dialect) loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, d.migrations)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must start with a version number", e.Name())
		}
		raw, err := migrationFS.ReadFile(path.Join(d.migrations, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(raw)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// Migrated is how many migrations Open applied.
func (s *Store) Migrated() int { return s.migrated }

// Migrate applies the pending migrations and returns how many it applied.
// Each runs in its own write transaction, which also records its version in
// schema_migrations, so a failed migration leaves the previous schema intact
// and two processes migrating at once apply each migration once (SQLite's
// write lock, or PostgreSQL's advisory lock, makes the second one wait).
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	ms, err := s.dialect.loadMigrations()
	if err != nil {
		return 0, err
	}
	err = s.write(ctx, func(tx runner) error {
		if err := s.lockSchema(ctx, tx); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			applied_at BIGINT NOT NULL
		)`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	var newest int
	if err := s.read().queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if len(ms) > 0 && newest > ms[len(ms)-1].version {
		return 0, fmt.Errorf("the database has schema version %d, newer than this program knows (%d); use a newer emessage",
			newest, ms[len(ms)-1].version)
	}
	for _, m := range ms {
		var done bool
		err := s.write(ctx, func(tx runner) error {
			if err := s.lockSchema(ctx, tx); err != nil {
				return err
			}
			if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.version).Scan(&done); err != nil || done {
				return err
			}
			if _, err := tx.exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				m.version, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.name, err)
		}
		if !done {
			applied++
		}
	}
	return applied, nil
}

// lockSchema makes the other processes' migrations wait for this transaction.
func (s *Store) lockSchema(ctx context.Context, tx runner) error {
	if s.dialect.lockSchema == "" {
		return nil
	}
	_, err := tx.exec(ctx, s.dialect.lockSchema)
	return err
}
