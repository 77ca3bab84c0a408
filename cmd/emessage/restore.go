package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/sqlstore"
)

const restoreSynopsis = "restore --from DIR [--db URL] [--data-dir DIR]"

type restoreOptions struct {
	config
	From string
}

func newRestoreFlags(o *restoreOptions) *flag.FlagSet {
	fs := newFlagSet("restore")
	fs.StringVar(&o.From, "from", "", "directory of a backup made by emessage backup")
	storageFlags(fs, &o.config)
	return fs
}

// restore is "emessage restore --from DIR --db URL": it checks the backup
// against its manifest, copies it into an empty database and data
// directory, and checks what it wrote against the manifest again.
func restore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o restoreOptions
	rest, err := parseFlags(newRestoreFlags(&o), &o.config, args, stdout, restoreSynopsis)
	if code, done := flagResult("restore", err, stderr); done {
		return code
	}
	if len(rest) > 0 || o.From == "" {
		return fail(stderr, exitUsage, "restore: give the backup directory: emessage %s", restoreSynopsis)
	}
	m, err := restoreBackup(ctx, o.From, o.DB, filepath.Join(o.DataDir, "uploads"), stderr)
	if err != nil {
		return fail(stderr, exitError, "restore %s into %s: %v", o.From, sqlstore.Redact(o.DB), err)
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "Restored the backup of %s made %s into %s and %s: %d rows in %d tables and %d uploaded files, "+
		"each checked against the manifest.\n", m.Source, m.Created.Format("2006-01-02 15:04 MST"),
		sqlstore.Redact(o.DB), filepath.Join(o.DataDir, "uploads"), rows, len(m.Tables), len(m.Uploads))
	return exitOK
}

// restoreBackup restores the backup in dir, showing its progress on
// stderr: the files checked, the rows copied, the uploaded files copied.
func restoreBackup(ctx context.Context, dir, dbURL, uploadsDir string, stderr io.Writer) (*manifest, error) {
	m, err := checkBackup(dir, stderr)
	if err != nil {
		return nil, err
	}
	dst, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("open the database: %w", err)
	}
	defer dst.Close()
	have, err := dst.Counts(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range have {
		if t.Rows > 0 {
			return nil, fmt.Errorf("the database is not empty (%d %s): restore only into an empty one", t.Rows, t.Table)
		}
	}
	if entries, err := os.ReadDir(uploadsDir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: restore only into a new data directory", uploadsDir)
	}

	// The backup's database is opened from a copy, so that the backup
	// stays as it was made (opening a SQLite file may write to it).
	tmp, err := os.MkdirTemp("", "emessage-restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if _, err := copyFile(filepath.Join(dir, backupDB), filepath.Join(tmp, backupDB)); err != nil {
		return nil, err
	}
	src, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(tmp, backupDB))
	if err != nil {
		return nil, fmt.Errorf("open the backup's database: %w", err)
	}
	defer src.Close()
	meter := progress.New(stderr, "restore: database", 0, "rows")
	if _, err := sqlstore.Copy(ctx, dst, src, meter); err != nil {
		meter.Stop()
		return nil, err
	}
	meter.Done()
	if err := os.MkdirAll(uploadsDir, 0o700); err != nil {
		return nil, err
	}
	up := newFileMeter(stderr, "restore: uploads", len(m.Uploads), sizeOf(m.Uploads))
	for _, u := range m.Uploads {
		sum, err := copyFile(filepath.Join(dir, u.Name), filepath.Join(uploadsDir, filepath.Base(u.Name)))
		if err == nil && sum.SHA256 != u.SHA256 {
			err = fmt.Errorf("%s changed while it was restored", u.Name)
		}
		if err != nil {
			up.Stop()
			return nil, err
		}
		up.file(sum.Size)
	}
	up.Done()

	// What was written, against the manifest.
	got, err := dst.Counts(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(got, m.Tables) {
		return nil, fmt.Errorf("the restored database holds %v, the manifest says %v", got, m.Tables)
	}
	return m, nil
}

// checkBackup reads the manifest of a backup and checks every file it
// names: a backup that does not match is refused before anything is
// written. It shows the files checked on stderr.
func checkBackup(dir string, stderr io.Writer) (*manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, backupManifest))
	if err != nil {
		return nil, fmt.Errorf("no manifest (%v): not a backup, or an unfinished one", err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", backupManifest, err)
	}
	if m.Format != 1 {
		return nil, fmt.Errorf("%s: format %d is not one this release reads", backupManifest, m.Format)
	}
	files := append([]fileSum{m.Database}, m.Uploads...)
	meter := newFileMeter(stderr, "restore: checking", len(files), sizeOf(files))
	for _, want := range files {
		if err := checkFile(dir, want); err != nil {
			meter.Stop()
			return nil, err
		}
		meter.file(want.Size)
	}
	meter.Done()
	return &m, nil
}

// checkFile checks a file of a backup against the manifest.
func checkFile(dir string, want fileSum) error {
	if want.Name != filepath.Base(want.Name) && filepath.Dir(want.Name) != backupUploads {
		return fmt.Errorf("%s names %q, outside the backup", backupManifest, want.Name)
	}
	got, err := sumFile(dir, want.Name)
	if err != nil {
		return fmt.Errorf("the backup is damaged: %v", err)
	}
	if got != want {
		return fmt.Errorf("the backup is damaged: %s has changed since it was made (size %d, SHA-256 %s; the manifest says %d, %s)",
			want.Name, got.Size, got.SHA256, want.Size, want.SHA256)
	}
	return nil
}

func sizeOf(files []fileSum) (n int64) {
	for _, f := range files {
		n += f.Size
	}
	return n
}
