package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/sqlstore"
)

// A backup is a directory: the database as one SQLite file (whatever the
// database it came from), the uploaded files the database records, and a
// manifest of row counts and SHA-256 checksums written last, so that a
// backup without its manifest is known to be unfinished.
const (
	backupDB       = "emessage.db"
	backupUploads  = "uploads"
	backupManifest = "manifest.json"
	backupSynopsis = "backup --to DIR [--db URL] [--data-dir DIR]"
)

// manifest describes a backup; restore checks every figure in it.
type manifest struct {
	Format   int                   `json:"format"`
	Created  time.Time             `json:"created"`
	Version  string                `json:"emessage_version"`
	Source   string                `json:"source"` // the database URL, password hidden
	Database fileSum               `json:"database"`
	Tables   []sqlstore.TableCount `json:"tables"`
	Uploads  []fileSum             `json:"uploads"`
}

// fileSum is a file of the backup, by its path in the backup directory.
type fileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

type backupOptions struct {
	config
	To string
}

func newBackupFlags(o *backupOptions) *flag.FlagSet {
	fs := newFlagSet("backup")
	fs.StringVar(&o.To, "to", "", "directory to write the backup into (new, or empty)")
	storageFlags(fs, &o.config)
	return fs
}

// backup is "emessage backup --to DIR": a consistent copy of the database
// and the uploads while the service goes on serving.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o backupOptions
	rest, err := parseFlags(newBackupFlags(&o), &o.config, args, stdout, backupSynopsis)
	if code, done := flagResult("backup", err, stderr); done {
		return code
	}
	if len(rest) > 0 || o.To == "" {
		return fail(stderr, exitUsage, "backup: give the directory to write: emessage %s", backupSynopsis)
	}
	m, err := writeBackup(ctx, o.DB, filepath.Join(o.DataDir, "uploads"), o.To, stderr)
	if err != nil {
		return fail(stderr, exitError, "backup %s into %s: %v", sqlstore.Redact(o.DB), o.To, err)
	}
	fmt.Fprintf(stdout, "Backed up %s into %s:\n", m.Source, o.To)
	for _, t := range m.Tables {
		fmt.Fprintf(stdout, "  %-16s %10d\n", t.Table, t.Rows)
	}
	fmt.Fprintf(stdout, "  %-16s %10d files, %d bytes\n", "uploaded files", len(m.Uploads), sizeOf(m.Uploads))
	fmt.Fprintf(stdout, "Checksums in %s; emessage restore --from %s --db URL puts it back.\n",
		filepath.Join(o.To, backupManifest), o.To)
	return exitOK
}

// writeBackup writes the backup, showing its progress on stderr: the
// database in bytes (from SQLite) or rows (from PostgreSQL), then the
// uploaded files in bytes.
func writeBackup(ctx context.Context, dbURL, uploadsDir, dir string, stderr io.Writer) (*manifest, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	store, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("open the database: %w", err)
	}
	defer store.Close()
	m := &manifest{Format: 1, Created: time.Now().UTC().Truncate(time.Second), Version: version, Source: sqlstore.Redact(dbURL)}
	dbFile := filepath.Join(dir, backupDB)
	unit := progress.Bytes
	if store.Dialect() == "postgres" {
		unit = "rows"
	}
	meter := progress.New(stderr, "backup: database", 0, unit)
	m.Tables, err = store.Backup(ctx, dbFile, meter)
	if err != nil {
		meter.Stop()
		return nil, err
	}
	meter.Done()
	// The files of the uploads the copy records: written before their rows
	// were committed, so all there; later ones are not in this backup.
	copied, err := sqlstore.Open(ctx, "sqlite:"+dbFile)
	if err != nil {
		return nil, err
	}
	files, err := copied.UploadFiles(ctx)
	if cerr := copied.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if m.Database, err = sumFile(dir, backupDB); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, backupUploads), 0o700); err != nil {
		return nil, err
	}
	var size int64
	for _, f := range files {
		size += f.Size
	}
	up := newFileMeter(stderr, "backup: uploads", len(files), size)
	for _, f := range files {
		name := filepath.Join(backupUploads, filepath.Base(f.StorageName))
		sum, err := copyFile(filepath.Join(uploadsDir, filepath.Base(f.StorageName)), filepath.Join(dir, name))
		if err != nil {
			up.Stop()
			return nil, fmt.Errorf("uploaded file: %w", err)
		}
		if sum.SHA256 != f.SHA256 || sum.Size != f.Size {
			up.Stop()
			return nil, fmt.Errorf("uploaded file %s differs from what the database recorded of it", f.StorageName)
		}
		sum.Name = name
		m.Uploads = append(m.Uploads, sum)
		up.file(sum.Size)
	}
	up.Done()
	return m, writeManifest(dir, m)
}

// fileMeter shows files copied, in bytes, with a count of files.
type fileMeter struct {
	*progress.Meter
	done, files int
}

func newFileMeter(stderr io.Writer, label string, files int, size int64) *fileMeter {
	m := &fileMeter{Meter: progress.New(stderr, label, size, progress.Bytes), files: files}
	m.Note(fmt.Sprintf("0 of %d files", m.files))
	return m
}

// file counts one more file of size bytes.
func (m *fileMeter) file(size int64) {
	m.done++
	m.Note(fmt.Sprintf("%d of %d files", m.done, m.files))
	m.Add(size)
}

// emptyDir makes sure dir exists and holds nothing.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o700)
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: give a new directory", dir)
	}
	return nil
}

// copyFile copies a file durably (synced) and returns its size and checksum.
func copyFile(from, to string) (fileSum, error) {
	in, err := os.Open(from)
	if err != nil {
		return fileSum{}, err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fileSum{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(to)
		return fileSum{}, err
	}
	return fileSum{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// sumFile is the size and checksum of a file of the backup directory.
func sumFile(dir, name string) (fileSum, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return fileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return fileSum{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// writeManifest writes the manifest last, synced and renamed into place.
func writeManifest(dir string, m *manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+backupManifest)
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err == nil {
		err = errors.Join(f.Sync(), f.Close())
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, backupManifest))
}
