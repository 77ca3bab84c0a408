package filestore

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/county/emessage"
)

var _ emessage.FileStore = (*Disk)(nil)

func MustNew(tb testing.TB) *Disk {
	tb.Helper()
	d, err := New(filepath.Join(tb.TempDir(), "uploads"))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestNewCreatesPrivateDir(t *testing.T) {
	d := MustNew(t)
	fi, err := os.Stat(d.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode = %o, want 700", got)
	}
}

func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d := MustNew(t)
	data := []byte("%PDF-1.4 hello %%EOF")
	name, err := d.Put(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if !Valid(name) {
		t.Fatalf("name %q is not a generated name", name)
	}
	r, err := d.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(got, data) {
		t.Errorf("read %q, want %q", got, data)
	}
	other, err := d.Put(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if other == name {
		t.Error("two Puts returned the same name")
	}
	entries, _ := os.ReadDir(d.Dir())
	if len(entries) != 2 {
		t.Errorf("dir holds %d entries, want 2 (no temp files left)", len(entries))
	}

	if err := d.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, name); emessage.ErrorCode(err) != emessage.ENotFound {
		t.Errorf("Open after Delete: %v, want not_found", err)
	}
	if err := d.Delete(ctx, name); err != nil {
		t.Errorf("second Delete: %v", err)
	}
}

func TestRefusesNamesNotGenerated(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d, err := New(filepath.Join(root, "uploads"))
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "secret.txt")
	os.WriteFile(secret, []byte("secret"), 0o600)
	os.WriteFile(filepath.Join(d.Dir(), "report.pdf"), []byte("x"), 0o600)

	for _, name := range []string{
		"", ".", "..", "../secret.txt", "..%2fsecret.txt", secret, "report.pdf",
		"/etc/passwd", "0123456789abcdef0123456789abcde",
		"0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef0",
		"../0123456789abcdef0123456789abc", "0123456789abcdef/123456789abcdef",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := d.Open(ctx, name); emessage.ErrorCode(err) != emessage.ENotFound {
				t.Errorf("Open(%q) = %v, want not_found", name, err)
			}
			if err := d.Delete(ctx, name); emessage.ErrorCode(err) != emessage.ENotFound {
				t.Errorf("Delete(%q) = %v, want not_found", name, err)
			}
		})
	}
	if _, err := os.Stat(secret); err != nil {
		t.Error("a file outside the store was removed")
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := MustNew(t).Put(ctx, []byte("x")); err == nil {
		t.Error("Put with a canceled context: no error")
	}
}
