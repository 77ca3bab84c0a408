package sqlstore

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/county/emessage"
)

// TestMigrationGivesUploadsPublicIDs: uploads stored before public ids get
// one each, opaque and distinct, when the database is migrated, and the
// audit trail's entries for them follow; the migration runs as it would on
// a county's database of the version before.
func TestMigrationGivesUploadsPublicIDs(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction})
		if err := s.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{upload("a.pdf"), upload("b.pdf"), upload("c.pdf")}, UploadsTo: m.ID}); err != nil {
			t.Fatal(err)
		}
		// Back to the schema before, with a download of each audited under its row number.
		mustExec(t, s, `DROP INDEX uploads_public_id`)
		mustExec(t, s, `ALTER TABLE uploads DROP COLUMN public_id`)
		mustExec(t, s, `ALTER TABLE uploads DROP COLUMN trimmed`)
		mustExec(t, s, `INSERT INTO audit_log (at, actor_kind, actor_id, actor, action, object_type, object_id, detail)
			SELECT 1, 'worker', 1, 'jdoe', 'upload.download', 'upload', CAST(id AS TEXT), 'message ' || message_id FROM uploads`)
		mustExec(t, s, `DELETE FROM schema_migrations WHERE version = 10`)
		if n, err := s.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate: %d applied, %v", n, err)
		}
		ups, err := s.Uploads(ctx, m.ID)
		if err != nil || len(ups) != 3 {
			t.Fatalf("uploads %v, %v", ups, err)
		}
		opaque := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)
		seen := map[string]bool{}
		for _, u := range ups {
			if !opaque.MatchString(u.PublicID) || seen[u.PublicID] || u.Trimmed != 0 {
				t.Errorf("upload %d: public id %q, trimmed %d", u.ID, u.PublicID, u.Trimmed)
			}
			seen[u.PublicID] = true
			if a, _ := s.AuditTrail(ctx, "upload", u.PublicID); len(a) != 1 {
				t.Errorf("upload %s: %d audit entries under its public id, want 1", u.PublicID, len(a))
			}
			if a, _ := s.AuditTrail(ctx, "upload", strconv.FormatInt(u.ID, 10)); len(a) != 0 {
				t.Errorf("upload %d: still audited under its row number", u.ID)
			}
		}
		if a, _ := s.MessageAudit(ctx, m.ID); len(a) != 3 {
			t.Errorf("the record's audit trail holds %d upload entries, want 3", len(a))
		}
	})
}
