package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sqlstore"
)

// TestBackupUnderLoad backs up a running server while a worker sends and a
// customer uploads, restores the backup into an empty database and data
// directory, and compares every record and file; on SQLite and PostgreSQL.
func TestBackupUnderLoad(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "import", "--db", db, writeFixture(t, dir, time.Now())); code != 0 {
			t.Fatalf("import: %s", stderr)
		}
		srv := startServerDB(t, dir, db)
		wanda, ana := srv.login("wanda", fixturePassword), srv.login("ana", fixturePassword)

		// The load: sends and uploads until the backup is done, each one
		// noted with the time it was acknowledged.
		var (
			mu    sync.Mutex
			done  []ackedSend
			stop  = make(chan struct{})
			wg    sync.WaitGroup
			count = func() int { mu.Lock(); defer mu.Unlock(); return len(done) }
		)
		load := func(upload bool) {
			defer wg.Done()
			for i := 0; i < 5000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				msg := map[string]any{"case_number": "A0000001", "person_id": "P1", "type": "message",
					"subject": fmt.Sprintf("Load %d", i), "body": "Your interview is on Monday."}
				if upload {
					msg["type"], msg["action_type"] = "action", "upload_document"
				}
				r := wanda.Do("POST", "/api/v1/messages", msg)
				if r.Status != 201 {
					t.Errorf("send: %d %s", r.Status, r.Body)
					return
				}
				id := r.Str("id")
				if upload {
					files := map[string][]byte{"paystub.pdf": testrig.PDF(fmt.Sprintf("Paystub %d", i))}
					if r := ana.Upload("/api/v1/ssp/messages/"+id+"/uploads", files); r.Status != 201 {
						t.Errorf("upload: %d %s", r.Status, r.Body)
						return
					}
				}
				mu.Lock()
				done = append(done, ackedSend{id, time.Now()})
				mu.Unlock()
			}
		}
		wg.Add(2)
		go load(false)
		go load(true)
		waitFor(t, "some load", func() bool { return count() >= 20 })

		backupDir := filepath.Join(t.TempDir(), "backup")
		began := time.Now()
		code, stdout, stderr := runCmd(t, "backup", "--to", backupDir, "--db", db, "--data-dir", srv.dataDir)
		close(stop)
		wg.Wait()
		if code != 0 {
			t.Fatalf("backup: exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "Backed up") || !strings.Contains(stdout, "uploaded files") {
			t.Errorf("backup printed:\n%s", stdout)
		}
		wantProgress(t, stderr, `backup: database: \d+(\.\d)? (rows|B|KiB|MiB) in .*`,
			`backup: uploads: \S+ \S+ in \S+ \(\S+ \S+/s\), \d+ of \d+ files`)
		t.Logf("%d sends and uploads, %d of them before the backup began", count(), len(ackedBefore(done, began)))

		// Restore into an empty database of the same kind, and a new data directory.
		target := dbtest.SQLite(t)
		if strings.HasPrefix(db, "postgres") {
			target = dbtest.Postgres(t)
		}
		restored := filepath.Join(t.TempDir(), "data")
		code, stdout, stderr = runCmd(t, "restore", "--from", backupDir, "--db", target, "--data-dir", restored)
		if code != 0 || !strings.Contains(stdout, "checked against the manifest") {
			t.Fatalf("restore: exit %d: %s %s", code, stdout, stderr)
		}
		wantProgress(t, stderr, `restore: checking: \S+ \S+ in .*, \d+ of \d+ files`,
			`restore: database: \d+ rows in \S+ \(\d+/s\)`, `restore: uploads: \S+ \S+ in .*, \d+ of \d+ files`)

		// Every record and file: the restored database holds exactly the
		// backup's rows (copy finds nothing to do), every send acknowledged
		// before the backup began, and every upload's file unchanged.
		snapshot := filepath.Join(t.TempDir(), "snapshot.db")
		if _, err := copyFile(filepath.Join(backupDir, backupDB), snapshot); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr = runCmd(t, "copy", "--from", "sqlite:"+snapshot, "--to", target)
		if code != 0 || !strings.Contains(stdout, "already holds the same data") {
			t.Errorf("restored database against the backup's: exit %d: %s %s", code, stdout, stderr)
		}
		store, err := sqlstore.Open(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		for _, a := range ackedBefore(done, began) {
			if _, err := store.Message(context.Background(), a.id); err != nil {
				t.Errorf("message %s, acknowledged before the backup began: %v", a.id, err)
			}
		}
		files, err := store.UploadFiles(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Error("no upload was backed up")
		}
		for _, f := range files {
			for _, d := range []string{filepath.Join(srv.dataDir, "uploads"), filepath.Join(restored, "uploads")} {
				b, err := os.ReadFile(filepath.Join(d, f.StorageName))
				if sum := sha256.Sum256(b); err != nil || hex.EncodeToString(sum[:]) != f.SHA256 {
					t.Errorf("upload %s in %s: %v, or its checksum differs", f.StorageName, d, err)
				}
			}
		}
		srv.stop()

		t.Run("refusals", func(t *testing.T) {
			code, _, stderr := runCmd(t, "restore", "--from", backupDir, "--db", target, "--data-dir", t.TempDir())
			if code != exitError {
				t.Errorf("restore into a database that is not empty: exit %d", code)
			}
			wantFailure(t, stderr, "restore: checking", "is not empty")

			code, _, stderr = runCmd(t, "backup", "--to", backupDir, "--db", db, "--data-dir", srv.dataDir)
			if code != exitError {
				t.Errorf("backup into a directory that is not empty: exit %d", code)
			}
			wantOneLine(t, stderr, "is not empty")

			// One changed byte in one uploaded file, and restore refuses before writing anything.
			name := filepath.Join(backupDir, backupUploads, files[0].StorageName)
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			if err := os.WriteFile(name, b, 0o600); err != nil {
				t.Fatal(err)
			}
			empty := filepath.Join(t.TempDir(), "e.db")
			code, _, stderr = runCmd(t, "restore", "--from", backupDir, "--db", "sqlite:"+empty, "--data-dir", t.TempDir())
			if code != exitError {
				t.Errorf("restore of a damaged backup: exit %d", code)
			}
			wantOneLine(t, stderr, "the backup is damaged: uploads/"+files[0].StorageName+" has changed")
			if _, err := os.Stat(empty); err == nil {
				t.Error("restore of a damaged backup created the database")
			}
		})
	})
}

// ackedSend is a send (and upload) of the load, and when it was acknowledged.
type ackedSend struct {
	id string
	at time.Time
}

func ackedBefore(all []ackedSend, t time.Time) []ackedSend {
	var out []ackedSend
	for _, a := range all {
		if a.at.Before(t) {
			out = append(out, a)
		}
	}
	return out
}
