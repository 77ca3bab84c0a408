package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/county/emessage/bench"
	"github.com/county/emessage/sqlstore"
)

// benchOptions are the load generator's flags.
type benchOptions struct {
	genOptions
	Ops         string
	Mix         string
	Concurrency int
	Duration    time.Duration
	Rounds      int
	Out         string
}

// benchCmd is "emessage bench": generate (or reuse) a dataset, copy it for
// this run, start a real server on the copy, and measure each operation
// through the JSON API and on the bare store in interleaved rounds, with
// the server's peak memory. The copy is deleted at the end, so the sends
// of one run are not in the next one's data.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	var o benchOptions
	_, err := parseFlags(newBenchFlags(&c, &o), &c, args, stdout, benchSynopsis)
	if code, done := flagResult("bench", err, stderr); done {
		return code
	}
	if err := runBench(ctx, c, o, stdout, stderr); err != nil {
		return fail(stderr, exitError, "bench: %v", err)
	}
	return exitOK
}

const benchSynopsis = "bench [--db URL] [--size S] [--ops LIST | --mix W] [--concurrency N] [--duration D] [--rounds N]"

func newBenchFlags(c *config, o *benchOptions) *flag.FlagSet {
	fs := newFlagSet("bench")
	storageFlags(fs, c)
	genFlags(fs, &o.genOptions)
	fs.StringVar(&o.Ops, "ops", "all", "operations, each measured alone: "+opNames())
	fs.StringVar(&o.Mix, "mix", "", "a mixed run instead, with weights, e.g. home=4,case=4,detail=2,send=1")
	fs.IntVar(&o.Concurrency, "concurrency", 16, "clients at once")
	fs.DurationVar(&o.Duration, "duration", 6*time.Second, "how long each operation runs on each target in each round with many clients (half that with one)")
	fs.IntVar(&o.Rounds, "rounds", 3, "rounds per operation, each the API then the bare store")
	fs.StringVar(&o.Out, "out", "", "also write the report (Markdown) to this file")
	fs.StringVar(&c.TZ, "tz", defaultTZ, "time zone where business days and due dates are counted")
	return fs
}

func opNames() string {
	var names []string
	for _, op := range bench.Ops {
		names = append(names, string(op))
	}
	return strings.Join(names, ",")
}

func runBench(ctx context.Context, c config, o benchOptions, stdout, stderr io.Writer) error {
	plan, err := o.plan()
	if err != nil {
		return err
	}
	runs, err := benchRuns(o)
	if err != nil {
		return err
	}
	if o.Rounds < 1 {
		return fmt.Errorf("--rounds must be 1 or more")
	}
	if err := prepareDataset(ctx, c.DB, plan, stdout, stderr); err != nil {
		return err
	}
	dataset := c.DB
	start := time.Now()
	runDB, drop, err := sqlstore.Clone(ctx, dataset)
	if err != nil {
		return err
	}
	defer func() {
		if err := drop(); err != nil {
			fmt.Fprintf(stderr, "bench: delete the run's copy of the dataset: %v\n", err)
		}
	}()
	fmt.Fprintf(stdout, "Copied the dataset for this run in %v.\n", time.Since(start).Round(100*time.Millisecond))
	c.DB = runDB
	store, err := sqlstore.Open(ctx, runDB)
	if err != nil {
		return fmt.Errorf("cannot open the copy of the dataset: %v", err)
	}
	defer store.Close()
	loc, err := c.location()
	if err != nil {
		return err
	}
	users, err := bench.Users(plan, o.Concurrency)
	if err != nil {
		return err
	}
	bare := &bench.Bare{Store: store, Plan: plan, Location: loc}
	if err := bare.Prepare(ctx, users); err != nil {
		return err
	}
	srv, err := startBenchServer(ctx, c)
	if err != nil {
		return err
	}
	defer srv.stop()
	api := &bench.API{BaseURL: srv.base, Plan: plan, Client: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency * 2}, Timeout: 30 * time.Second}}
	if err := api.Login(ctx, users); err != nil {
		return err
	}
	var figs []bench.Figures
	for i, mix := range runs {
		f := measure(ctx, api, bare, users, mix, o, uint64(i), stdout)
		figs = append(figs, f)
	}
	mem := srv.memory()
	var report strings.Builder
	fmt.Fprintf(&report, "%s, %d cores (%s), %s, database %s, dataset %s (seed %d), a fresh copy; %d rounds of API then bare store; "+
		"latencies with 1 client for %v, throughput with %d clients for %v; load average %s\n\n",
		time.Now().Format(time.DateOnly), runtime.NumCPU(), cpuModel(), runtime.Version(), scheme(c.DB), o.Size, o.Seed, o.Rounds,
		o.Duration/2, o.Concurrency, o.Duration, loadAverage())
	bench.WriteTable(&report, figs)
	mb := func(n int64) float64 { return float64(n) / (1 << 20) }
	fmt.Fprintf(&report, "\nServer peak memory (VmHWM): %.0f MB; at the end %.0f MB its own (RssAnon) and %.0f MB of mapped files (RssFile)\n",
		mb(mem.Peak), mb(mem.Anon), mb(mem.File))
	fmt.Fprint(stdout, "\n"+report.String())
	if o.Out != "" {
		return os.WriteFile(o.Out, []byte(report.String()), 0o644)
	}
	return nil
}

// prepareDataset generates the dataset at dbURL unless it is there, and
// lets it go: it is copied for the run while no process holds it.
func prepareDataset(ctx context.Context, dbURL string, plan *bench.Plan, stdout, stderr io.Writer) error {
	store, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("cannot open database %s: %v", sqlstore.Redact(dbURL), err)
	}
	defer store.Close()
	return generate(ctx, store, plan, sqlstore.BulkOptions{}, stdout, stderr)
}

// measure runs one operation (or mix) in rounds, each the API then the
// bare store, alone then loaded, and prints each round's ratio.
func measure(ctx context.Context, api, bare bench.Target, users []*bench.User, mix map[bench.Op]int, o benchOptions,
	seed uint64, stdout io.Writer) bench.Figures {
	var f bench.Figures
	for round := range o.Rounds {
		r := bench.Round{
			APIAlone:  bench.Run(ctx, api, users, mix, 1, o.Duration/2, 0, seed),
			BareAlone: bench.Run(ctx, bare, users, mix, 1, o.Duration/2, 0, seed),
		}
		r.APILoaded = bench.Run(ctx, api, users, mix, o.Concurrency, o.Duration, 0, seed)
		r.BareLoaded = bench.Run(ctx, bare, users, mix, o.Concurrency, o.Duration, 0, seed)
		f.Op = r.APILoaded.Op
		f.Rounds = append(f.Rounds, r)
		fmt.Fprintf(stdout, "  %-13s round %d: p95 %v alone; %.0f ops/s with %d clients, bare %.0f: ratio %.2f (load %s)\n",
			f.Op, round+1, r.APIAlone.P95, r.APILoaded.Rate(), o.Concurrency, r.BareLoaded.Rate(), r.Ratio(), loadAverage())
		for _, res := range []bench.Result{r.APIAlone, r.BareAlone, r.APILoaded, r.BareLoaded} {
			if res.Errors > 0 {
				fmt.Fprintf(stdout, "    %s %s: %d errors, first: %s\n", res.Target, res.Op, res.Errors, res.FirstError)
			}
		}
	}
	fmt.Fprintf(stdout, "  %-13s median ratio %.2f\n", f.Op, f.Ratio())
	return f
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// benchRuns turns --ops or --mix into the weights of each run.
func benchRuns(o benchOptions) ([]map[bench.Op]int, error) {
	if o.Mix != "" {
		mix := map[bench.Op]int{}
		for _, part := range strings.Split(o.Mix, ",") {
			name, w, ok := strings.Cut(part, "=")
			n, err := strconv.Atoi(w)
			ops, perr := bench.ParseOps(name)
			if !ok || err != nil || n < 0 || perr != nil || len(ops) != 1 {
				return nil, fmt.Errorf("--mix %q: want op=weight,... with ops %s", o.Mix, opNames())
			}
			mix[ops[0]] = n
		}
		return []map[bench.Op]int{mix}, nil
	}
	ops, err := bench.ParseOps(o.Ops)
	if err != nil {
		return nil, err
	}
	var runs []map[bench.Op]int
	for _, op := range ops {
		runs = append(runs, map[bench.Op]int{op: 1})
	}
	return runs, nil
}

func scheme(db string) string {
	s, _, _ := strings.Cut(db, ":")
	return s
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return runtime.GOARCH
}

// benchServer is "emessage serve" started as a child process, so that its
// memory is its own.
type benchServer struct {
	cmd  *exec.Cmd
	base string
	dir  string
}

func startBenchServer(ctx context.Context, c config) (*benchServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "emessage-bench-")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "serve", "--addr", "127.0.0.1:0", "--db", c.DB,
		"--data-dir", dir, "--mail-dir", dir+"/mail", "--log-level", "warn", "--tz", c.TZ)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &benchServer{cmd: cmd, dir: dir}
	re := regexp.MustCompile(`listening on (http://\S+)`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			s.base = m[1]
			go io.Copy(io.Discard, out)
			return s, nil
		}
	}
	s.stop()
	return nil, fmt.Errorf("the server did not start")
}

// serverMemory is the server's resident memory from /proc, in bytes: its
// peak, and now its own (heap, stacks) apart from the pages of files it
// maps (SQLite's database file, which the kernel shares and can take back).
type serverMemory struct{ Peak, Anon, File int64 }

func (s *benchServer) memory() serverMemory {
	var m serverMemory
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return m
	}
	fields := map[string]*int64{"VmHWM:": &m.Peak, "RssAnon:": &m.Anon, "RssFile:": &m.File}
	for _, line := range strings.Split(string(b), "\n") {
		name, v, _ := strings.Cut(line, "\t")
		if p, ok := fields[name]; ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			*p = kb << 10
		}
	}
	return m
}

func (s *benchServer) stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		s.cmd.Wait()
	}
	os.RemoveAll(s.dir)
}
