// Package filestore keeps uploaded documents on disk under generated names.
package filestore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/county/emessage"
)

// nameLen is the length of a generated name: 128 random bits in hex.
const nameLen = 32

// Disk is an emessage.FileStore in one directory. Files are stored under
// random names it generates; the name a customer gave a file is never used
// as a path.
type Disk struct {
	dir string
}

// New returns a store in dir, creating it (mode 0700) when missing.
func New(dir string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return &Disk{dir: abs}, nil
}

// Dir is the directory the files are kept in.
func (d *Disk) Dir() string { return d.dir }

// Put stores data durably and returns its generated name. The data is written
// to a temporary file, synced, renamed into place, and the directory synced,
// so a crash leaves either the whole file or none.
func (d *Disk) Put(ctx context.Context, data []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	name, err := newName()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(d.dir, ".upload-*")
	if err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("filestore: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("filestore: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("filestore: close: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.dir, name)); err != nil {
		return "", fmt.Errorf("filestore: rename: %w", err)
	}
	if err := syncDir(d.dir); err != nil {
		return "", err
	}
	return name, nil
}

// Open returns the file stored under name. Anything that is not a name Put
// generated is refused as not found, so no path can reach outside the store.
func (d *Disk) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !Valid(name) {
		return nil, emessage.NotFound("The document")
	}
	f, err := os.Open(filepath.Join(d.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, emessage.NotFound("The document")
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return f, nil
}

// Delete removes the file stored under name; a missing file is not an error.
func (d *Disk) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !Valid(name) {
		return emessage.NotFound("The document")
	}
	err := os.Remove(filepath.Join(d.dir, name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: %w", err)
	}
	return nil
}

// Valid reports whether name has the form of a generated name: 32 lower-case
// hexadecimal characters.
func Valid(name string) bool {
	if len(name) != nameLen {
		return false
	}
	for _, c := range []byte(name) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func newName() (string, error) {
	var b [nameLen / 2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("filestore: name: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("filestore: sync dir: %w", err)
	}
	return nil
}
