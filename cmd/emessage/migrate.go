package main

import (
	"context"
	"fmt"
	"io"

	"github.com/county/emessage/sqlstore"
)

// migrate is "emessage migrate [--db URL]": it brings the schema up to date.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	rest, err := parseFlags(newMigrateFlags(&c), &c, args, stdout, "migrate [--db URL]")
	if code, done := flagResult("migrate", err, stderr); done {
		return code
	}
	if len(rest) > 0 {
		return fail(stderr, exitUsage, "migrate: unexpected argument %q (try 'emessage help migrate')", rest[0])
	}
	// Open applies the pending migrations; Migrate then finds nothing left
	// unless another process added some in between.
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	more, err := store.Migrate(ctx)
	if err != nil {
		return fail(stderr, exitError, "migrate %s: %v", sqlstore.Redact(c.DB), err)
	}
	fmt.Fprintf(stdout, "Database %s is up to date (%d migrations applied now).\n", sqlstore.Redact(c.DB), store.Migrated()+more)
	return exitOK
}
