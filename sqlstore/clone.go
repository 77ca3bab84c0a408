package sqlstore

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Clone makes a throwaway copy of the database at dbURL, for one run of a
// benchmark that writes (sends, audit entries, sessions): every run then
// starts from the same data. No process may hold the database meanwhile.
// It returns the copy's URL and a function that deletes the copy.
//
// SQLite: the file (with its write-ahead log, if any) is copied beside it,
// which the kernel may do without reading it through (copy_file_range);
// VACUUM INTO would rebuild every page, minutes at full size. PostgreSQL:
// CREATE DATABASE ... TEMPLATE, a copy of the files by the server, exact
// whatever the run writes; resetting the dataset in place instead would
// have to know every table a run writes to.
func Clone(ctx context.Context, dbURL string) (string, func() error, error) {
	if isPostgres(dbURL) {
		return clonePostgres(ctx, dbURL)
	}
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !ok {
		return "", nil, fmt.Errorf("cannot copy database %s", Redact(dbURL))
	}
	path = strings.TrimPrefix(path, "//")
	dir, err := os.MkdirTemp(filepath.Dir(path), ".bench-run-")
	if err != nil {
		return "", nil, err
	}
	drop := func() error { return os.RemoveAll(dir) }
	to := filepath.Join(dir, filepath.Base(path))
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(to+suffix, path+suffix); err != nil && !(suffix != "" && os.IsNotExist(err)) {
			drop()
			return "", nil, fmt.Errorf("copy %s: %w", path+suffix, err)
		}
	}
	return "sqlite:" + to, drop, nil
}

func copyFile(to, from string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// clonePostgres copies a PostgreSQL database with CREATE DATABASE
// TEMPLATE, connected to the server's "postgres" database.
func clonePostgres(ctx context.Context, dbURL string) (string, func() error, error) {
	connURL, _, err := poolParam(dbURL)
	if err != nil {
		return "", nil, err
	}
	u, err := url.Parse(connURL)
	if err != nil {
		return "", nil, err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return "", nil, fmt.Errorf("database URL %s names no database to copy", Redact(dbURL))
	}
	copyName := fmt.Sprintf("%s_run_%d", name, os.Getpid())
	admin := *u
	admin.Path = "/postgres"
	conn, err := pgx.Connect(ctx, admin.String())
	if err != nil {
		return "", nil, fmt.Errorf("connect to the server's postgres database: %s", reason(err))
	}
	defer conn.Close(ctx)
	create := "CREATE DATABASE " + pgx.Identifier{copyName}.Sanitize() + " TEMPLATE " + pgx.Identifier{name}.Sanitize()
	// FILE_COPY (PostgreSQL 15) copies the files as they are, where the
	// default writes every page to the write-ahead log too.
	if _, err := conn.Exec(ctx, create+" STRATEGY FILE_COPY"); err != nil {
		if _, err := conn.Exec(ctx, create); err != nil {
			return "", nil, fmt.Errorf("copy database %s: %s", name, reason(err))
		}
	}
	drop := func() error {
		c, err := pgx.Connect(context.Background(), admin.String())
		if err != nil {
			return err
		}
		defer c.Close(context.Background())
		_, err = c.Exec(context.Background(), "DROP DATABASE "+pgx.Identifier{copyName}.Sanitize()+" WITH (FORCE)")
		return err
	}
	run := *u
	run.Path = "/" + copyName
	out := run.String()
	if connURL != dbURL { // keep pool_max_conns
		if orig, err := url.Parse(dbURL); err == nil {
			orig.Path = run.Path
			out = orig.String()
		}
	}
	return out, drop, nil
}
