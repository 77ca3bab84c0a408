package sqlstore

import (
	"context"
	"testing"
)

// TestMigrationGivesRecordsAProgram: records stored before programs owned
// them get their case's first program (in import order) when the database
// is migrated; the migration runs as it would on a county's database of the
// version before.
func TestMigrationGivesRecordsAProgram(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		b1 := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", program: "MC", status: "sent"})
		b4 := MustAdd(t, s, msg{caseNumber: "B4", personID: "P7", status: "sent"})
		// Back to the schema before: no program anywhere (and so no index
		// by program, which migration 8 makes again).
		mustExec(t, s, `DROP INDEX messages_case_program`)
		mustExec(t, s, `DROP INDEX messages_open`)
		mustExec(t, s, `ALTER TABLE messages DROP COLUMN program`)
		mustExec(t, s, `ALTER TABLE counties DROP COLUMN default_program`)
		mustExec(t, s, `DELETE FROM schema_migrations WHERE version IN (4, 8)`)
		if n, err := s.Migrate(ctx); err != nil || n != 2 {
			t.Fatalf("migrate: %d applied, %v", n, err)
		}
		for id, want := range map[string]string{b1.ID: "CF", b4.ID: "CW"} {
			m, err := s.Message(ctx, id)
			if err != nil || m.Program != want {
				t.Errorf("%s: program %q, %v; want %s", id, m.Program, err, want)
			}
		}
	})
}
