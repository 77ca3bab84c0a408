package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"time"
)

// Backup writes a consistent copy of the whole database, as of one moment,
// into a new SQLite file at path, while the service goes on serving: from
// SQLite with VACUUM INTO (a read transaction: writers are not held up),
// from PostgreSQL with the logical copy of "emessage copy" into SQLite.
// It returns the copy's row counts. progress, when not nil, is told the
// bytes written (from SQLite) or the rows copied (from PostgreSQL).
func (s *Store) Backup(ctx context.Context, path string, progress Progress) ([]TableCount, error) {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s already exists: back up into a new file", path)
	}
	if s.dialect.name == "sqlite" {
		if err := s.vacuumInto(ctx, path, progress); err != nil {
			return nil, fmt.Errorf("VACUUM INTO %s: %w", path, s.dialect.translate(err))
		}
	} else {
		dst, err := Open(ctx, "sqlite:"+path)
		if err != nil {
			return nil, err
		}
		_, err = Copy(ctx, dst, s, progress)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	b, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return b.Counts(ctx)
}

// vacuumInto runs VACUUM INTO on a connection of the read pool: it reads
// the database in one read transaction and writes only the new file, but
// query_only forbids it, so the connection lifts it for the while, and is
// thrown away rather than given back to the pool if it cannot put it back.
// progress, when not nil, follows the new file's size against the database's.
func (s *Store) vacuumInto(ctx context.Context, path string, progress Progress) error {
	conn, err := s.reader.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if progress != nil {
		var size int64
		err := conn.QueryRowContext(ctx, `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&size)
		if err != nil {
			return err
		}
		progress.SetTotal(size)
		defer watchSize(path, progress)()
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return err
}

// watchSize tells progress how the file at path grows, until the function
// it returns is called; then the file's size is the total (VACUUM leaves
// out free pages, so the copy may be smaller than the database).
func watchSize(path string, progress Progress) (stop func()) {
	var told int64
	tell := func() int64 {
		if st, err := os.Stat(path); err == nil && st.Size() > told {
			progress.Add(st.Size() - told)
			told = st.Size()
		}
		return told
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				tell()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		progress.SetTotal(tell())
	}
}

// Counts returns how many rows each table holds, in one snapshot, in the
// order "emessage copy" copies them.
func (s *Store) Counts(ctx context.Context) ([]TableCount, error) {
	tx, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return countRows(ctx, runner{db: tx, d: s.dialect})
}

// UploadFile is an uploaded document's file, as the database records it.
type UploadFile struct {
	StorageName string // its name in DATA_DIR/uploads
	SHA256      string // hex
	Size        int64
}

// UploadFiles lists the files of every upload the database records.
func (s *Store) UploadFiles(ctx context.Context) ([]UploadFile, error) {
	rows, err := s.read().query(ctx, `SELECT storage_name, sha256, size FROM uploads ORDER BY storage_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UploadFile
	for rows.Next() {
		var f UploadFile
		if err := rows.Scan(&f.StorageName, &f.SHA256, &f.Size); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
