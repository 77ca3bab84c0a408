package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/county/emessage/bench"
	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
)

// genOptions are the flags that say which dataset to make.
type genOptions struct {
	Size string
	Seed uint64
	// KeepIndexes writes the records with the indexes in place (to measure
	// the bulk load's way of building them after).
	KeepIndexes bool
}

func genFlags(fs *flag.FlagSet, o *genOptions) {
	fs.StringVar(&o.Size, "size", "full", "dataset size: state (10,000,000 messages), full (1,000,000), small or tiny")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the generated dataset (the same seed makes the same data)")
}

const genSynopsis = "gen [--db URL] [--size state|full|small|tiny] [--seed N] [--keep-indexes]"

func newGenFlags(c *config, o *genOptions) *flag.FlagSet {
	fs := newFlagSet("gen")
	storageFlags(fs, c)
	genFlags(fs, o)
	fs.BoolVar(&o.KeepIndexes, "keep-indexes", false, "write the records with the indexes in place, not built after (to measure)")
	return fs
}

func (o genOptions) plan() (*bench.Plan, error) {
	size, ok := bench.Sizes[o.Size]
	if !ok {
		return nil, fmt.Errorf("unknown --size %q (%s)", o.Size, strings.Join(bench.SizeNames, ", "))
	}
	return bench.NewPlan(size, o.Seed), nil
}

// gen is "emessage gen [--db URL] [--size S] [--seed N]": fill an empty
// database with a generated state-sized dataset.
func gen(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	var o genOptions
	_, err := parseFlags(newGenFlags(&c, &o), &c, args, stdout, genSynopsis)
	if code, done := flagResult("gen", err, stderr); done {
		return code
	}
	plan, err := o.plan()
	if err != nil {
		return fail(stderr, exitUsage, "gen: %v", err)
	}
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	if err := generate(ctx, store, plan, sqlstore.BulkOptions{KeepIndexes: o.KeepIndexes}, stdout, stderr); err != nil {
		return fail(stderr, exitError, "gen: %v", err)
	}
	return exitOK
}

// generate fills the store with the plan's dataset unless it holds data
// already, showing its progress on stderr.
func generate(ctx context.Context, store *sqlstore.Store, plan *bench.Plan, bulk sqlstore.BulkOptions, stdout, stderr io.Writer) error {
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		fmt.Fprintln(stdout, "The database holds data already; it is used as it is.")
		return nil
	}
	hash, err := password.New().Hash(bench.Password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Generating %d cases and about %d e-Messages (seed %d)...\n", plan.Size.Cases, plan.Size.Messages, plan.Seed)
	start := time.Now()
	meter := progress.New(stderr, "gen", int64(len(plan.Cases)), "cases")
	var told int64
	bulk.Indexing = func(name string, i, n int) {
		if i == 1 {
			meter.Done()
		}
		fmt.Fprintf(stderr, "gen: building index %s (%d of %d)\n", name, i, n)
	}
	res, err := bench.GenerateBulk(ctx, store, plan, time.Now(), hash, bulk, func(cases, messages int) {
		meter.Note(fmt.Sprintf("%d messages", messages))
		meter.Add(int64(cases) - told)
		told = int64(cases)
	})
	if err != nil {
		meter.Stop()
		return err
	}
	meter.Done()
	fmt.Fprintf(stdout, "Generated in %v: %s. Every user's password is %q.\n", time.Since(start).Round(time.Second), res, bench.Password)
	return nil
}
