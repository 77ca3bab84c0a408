package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/sqlstore"
)

const copySynopsis = "copy --from URL --to URL"

// copyOptions are the flags of "emessage copy".
type copyOptions struct {
	From, To string
}

func newCopyFlags(o *copyOptions) *flag.FlagSet {
	fs := newFlagSet("copy")
	fs.StringVar(&o.From, "from", "", "database to copy from, e.g. sqlite:data/emessage.db (stop its server first)")
	fs.StringVar(&o.To, "to", "", "empty database to copy into, e.g. postgres://USER:PASSWORD@HOST/DATABASE")
	return fs
}

// copyDB is "emessage copy --from URL --to URL": it moves a county's
// database onto another one (its embedded SQLite onto the state's shared
// PostgreSQL), every table with its ids, in one transaction on the target.
// The target must be empty, or already hold the same data (a copy run
// again). Uploaded files stay where they are: they are not in the database.
func copyDB(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o copyOptions
	rest, err := parseFlags(newCopyFlags(&o), &config{}, args, stdout, copySynopsis)
	if code, done := flagResult("copy", err, stderr); done {
		return code
	}
	switch {
	case len(rest) > 0:
		return fail(stderr, exitUsage, "copy: unexpected argument %q (try 'emessage help copy')", rest[0])
	case o.From == "" || o.To == "":
		return fail(stderr, exitUsage, "copy: give both --from URL and --to URL (try 'emessage help copy')")
	case o.From == o.To:
		return fail(stderr, exitUsage, "copy: --from and --to name the same database")
	}
	from, to := sqlstore.Redact(o.From), sqlstore.Redact(o.To)
	src, err := sqlstore.Open(ctx, o.From)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", from, err)
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, o.To)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", to, err)
	}
	defer dst.Close()

	start := time.Now()
	fmt.Fprintf(stdout, "Copying %s to %s in one transaction...\n", from, to)
	meter := progress.New(stderr, "copy", 0, "rows")
	res, err := sqlstore.Copy(ctx, dst, src, meter)
	if err != nil {
		meter.Stop()
		return fail(stderr, exitError, "copy %s to %s: %v; nothing was copied", from, to, refusal(err))
	}
	if res.Same {
		meter.Stop()
		fmt.Fprintf(stdout, "%s already holds the same data as %s; nothing was copied:\n", to, from)
	}
	for _, c := range res.Tables {
		fmt.Fprintf(stdout, "  %-16s %10d\n", c.Table, c.Rows)
	}
	if res.Same {
		return exitOK
	}
	meter.Done()
	var rows int64
	for _, c := range res.Tables {
		rows += c.Rows
	}
	fmt.Fprintf(stdout, "Copied %d rows in %d tables in %v.\n", rows, len(res.Tables), time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(stdout, "Uploaded documents are files, not rows: they stay in the old server's DATA_DIR/uploads;"+
		" copy that directory to where the new servers keep their uploads (docs/SCALE.md).")
	return exitOK
}

// refusal is a copy's error for the operator: when the source holds more
// text PostgreSQL refuses than the line names, every field is listed in
// a file the error names.
func refusal(err error) error {
	var bad *sqlstore.BadTextError
	if !errors.As(err, &bad) || len(bad.Fields) <= sqlstore.BadTextShown {
		return err
	}
	f, ferr := os.CreateTemp("", "emessage-copy-refused-*.txt")
	if ferr != nil {
		return err
	}
	for _, b := range bad.Fields {
		fmt.Fprintln(f, b)
	}
	if ferr := f.Close(); ferr != nil {
		return err
	}
	return fmt.Errorf("%w (all of them in %s)", err, f.Name())
}
