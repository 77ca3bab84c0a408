package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
)

// Retention (issue 18): "emessage archive" moves the closed threads past
// each county's retention_years into the archive tables; serve does the
// same every night at --archive-at in the county's time zone.

const archiveSynopsis = "archive [--db URL]"

// archiveCmd is "emessage archive".
func archiveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	rest, err := parseFlags(newMigrateFlags(&c), &c, args, stdout, archiveSynopsis)
	if code, done := flagResult("archive", err, stderr); done {
		return code
	}
	if len(rest) > 0 {
		return fail(stderr, exitUsage, "archive: unexpected argument %q: emessage %s", rest[0], archiveSynopsis)
	}
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	svc := emessage.NewService(store, nil, password.New())
	results, err := svc.Archive(ctx, string(operator()))
	for _, r := range results {
		fmt.Fprintln(stdout, archiveLine(r))
	}
	if err != nil {
		return fail(stderr, exitError, "archive: %s", describe(err))
	}
	if len(results) == 0 {
		fmt.Fprintln(stdout, "No county has a retention period (retention_years): nothing to archive.")
	}
	return exitOK
}

func archiveLine(r emessage.ArchiveResult) string {
	return fmt.Sprintf("%s (%s): %d threads, %d records closed before %s archived.",
		r.County.Name, r.County.Code, r.Threads, r.Records, r.Before.Format(time.DateOnly))
}

// nightlyArchive runs svc.Archive every day at the time of day at (hh:mm
// in loc) until ctx ends.
func nightlyArchive(ctx context.Context, svc *emessage.Service, loc *time.Location, at time.Duration, log *slog.Logger) {
	for {
		wait := time.Until(nextAt(time.Now().In(loc), at))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		results, err := svc.Archive(ctx, "serve")
		for _, r := range results {
			log.Info("archived", "county", r.County.Code, "threads", r.Threads, "records", r.Records,
				"before", r.Before.Format(time.DateOnly))
		}
		if err != nil && ctx.Err() == nil {
			log.Error("archive failed; it runs again tomorrow", "err", err)
		}
	}
}

// nextAt is the first moment after now at the time of day at, in now's zone.
func nextAt(now time.Time, at time.Duration) time.Time {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	next := day.Add(at)
	if !next.After(now) {
		next = time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, now.Location()).Add(at)
	}
	return next
}

// parseTimeOfDay reads hh:mm; "off" is -1.
func parseTimeOfDay(s string) (time.Duration, error) {
	if s == "off" {
		return -1, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("--archive-at %q: give a time of day like 02:30, or off", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
