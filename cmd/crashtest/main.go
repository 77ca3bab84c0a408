// Command crashtest checks SPEC section 10's reliability bar on the real
// binary: a kill -9 during a load of sends loses no acknowledged message and
// sends no email twice.
//
// It builds emessage, imports a fixture (one two-way county, a worker per
// client, customers with email and e-Notification on), runs a real SMTP
// server in process and the service as a child process on 127.0.0.1, and
// sends from concurrent clients (e-Messages, upload actions, answers to the
// customers' messages, closes) while it kills the server with SIGKILL at
// random moments and starts it again on the same database. Clients retry
// through the kills. At the end it reads every acknowledged request back
// through the API, lets the mail queue drain, and holds the database's
// queue and the received emails against each other.
//
//	go run ./cmd/crashtest [-messages 2000] [-kills 5] [-clients 16] [-seed N] [-keep]
//
// It exits 1 when anything acknowledged was lost, when an email arrived
// three times, or twice without a kill between the copies.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	messages, kills, clients int
	seed                     uint64
	bin, goCmd               string
	keep, verbose, race      bool
	timeout, drainMargin     time.Duration
	drainLimit               time.Duration
	serveFlags               []string
}

func main() {
	var o options
	fs := flag.NewFlagSet("crashtest", flag.ExitOnError)
	fs.IntVar(&o.messages, "messages", 2000, "acknowledged records to customers to send (messages, actions, replies)")
	fs.IntVar(&o.kills, "kills", 5, "kill -9 of the server during the load")
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients, each a worker with a customer")
	fs.Uint64Var(&o.seed, "seed", 0, "random seed (0: a new one, printed)")
	fs.StringVar(&o.bin, "bin", "", "emessage binary to test (default: go build ./cmd/emessage into the work directory)")
	fs.StringVar(&o.goCmd, "go", envOr("GO", "go"), "go command that builds the binary")
	fs.BoolVar(&o.race, "race", false, "build the binary with the race detector (a race report fails the test: see server.log)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directory (database, server.log) even when the test passes")
	fs.BoolVar(&o.verbose, "v", false, "print each problem, not only the first ten")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "give up after this long")
	fs.DurationVar(&o.drainMargin, "drain-margin", 30*time.Second, "how long after the last lease of a killed server ends to wait for the emails")
	fs.DurationVar(&o.drainLimit, "drain-limit", 6*time.Minute, "the longest wait for the emails")
	fs.Func("serve-flag", "extra flag for emessage serve, like --log-level=debug (repeatable)", func(s string) error {
		o.serveFlags = append(o.serveFlags, s)
		return nil
	})
	fs.Parse(os.Args[1:])
	if o.messages < 1 || o.kills < 0 || o.clients < 1 || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "crashtest: -messages and -clients must be 1 or more, -kills 0 or more, and no arguments")
		os.Exit(2)
	}
	if o.seed == 0 {
		o.seed = rand.Uint64()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, o, os.Stdout)
	stop()
	os.Exit(code)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// run is the whole test; it returns the exit code. Every path out of it
// kills the server it started.
func run(ctx context.Context, o options, out io.Writer) int {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "emessage-crashtest-")
	if err != nil {
		fmt.Fprintln(out, "crashtest:", err)
		return 1
	}
	res, err := crash(ctx, o, dir, out)
	passed := err == nil && res.passed()
	if o.keep || !passed {
		fmt.Fprintln(out, "work directory kept:", dir)
	} else {
		os.RemoveAll(dir)
	}
	if err != nil {
		fmt.Fprintln(out, "crashtest:", err)
		return 1
	}
	res.print(out, o.verbose)
	if !passed {
		fmt.Fprintln(out, "FAIL")
		return 1
	}
	fmt.Fprintln(out, "PASS")
	return 0
}

// crash sets up, loads, kills, checks; it returns the figures, or an error
// when the test itself could not be carried out.
func crash(ctx context.Context, o options, dir string, out io.Writer) (*result, error) {
	rng := rand.New(rand.NewPCG(o.seed, o.seed>>1|1))
	fmt.Fprintf(out, "crash test: %d records to customers from %d clients, %d kills, seed %d\n", o.messages, o.clients, o.kills, o.seed)
	bin := o.bin
	if bin == "" {
		bin = filepath.Join(dir, "emessage")
		args := []string{"build", "-o", bin}
		if o.race {
			args = append(args, "-race")
		}
		build := exec.CommandContext(ctx, o.goCmd, append(args, "github.com/county/emessage/cmd/emessage")...)
		if b, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("build emessage: %v\n%s", err, b)
		}
	}
	fixturePath, workers, err := writeFixture(dir, o.clients)
	if err != nil {
		return nil, err
	}
	dbPath := filepath.Join(dir, "emessage.db")
	if b, err := exec.CommandContext(ctx, bin, "import", "--db", "sqlite:"+dbPath, fixturePath).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("import: %v\n%s", err, b)
	}
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	sink, err := startMailSink(logFile)
	if err != nil {
		return nil, err
	}
	defer sink.Close()
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	srv := &serverCtl{bin: bin, logTo: logFile, args: append([]string{
		"--addr", addr, "--db", "sqlite:" + dbPath, "--data-dir", filepath.Join(dir, "data"),
		"--smtp", "smtp://" + sink.addr, "--base-url", "https://portal.example.gov",
	}, o.serveFlags...)}
	defer srv.kill()
	if err := srv.start(ctx); err != nil {
		return nil, err
	}

	base := "http://" + addr
	hc := newHTTPClient(2 * o.clients)
	clients := make([]*trafficClient, len(workers))
	workerAPIs := make([]*apiClient, len(workers))
	led := newLedger()
	for i, w := range workers {
		wc, err := login(ctx, base, hc, w.Username)
		if err != nil {
			return nil, err
		}
		cc, err := login(ctx, base, hc, w.Customer)
		if err != nil {
			return nil, err
		}
		workerAPIs[i] = wc
		clients[i] = &trafficClient{n: i, w: w, worker: wc, customer: cc, led: led,
			rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
	}

	// The load, and the kills during it.
	res := &result{opts: o}
	started := time.Now()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	k := &killer{srv: srv, led: led, rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
	var killsDone atomic.Bool
	killed := make(chan error, 1)
	go func() {
		err := k.run(loadCtx, o.kills, o.messages)
		killsDone.Store(true)
		if err != nil {
			stopLoad()
		}
		killed <- err
	}()
	stopWhen := func() bool { return killsDone.Load() && led.records.Load() >= int64(o.messages) }
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() { c.run(loadCtx, stopWhen) })
	}
	wg.Wait()
	res.load = time.Since(started)
	stopLoad()
	if killErr := <-killed; killErr != nil && ctx.Err() == nil {
		return nil, killErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("the load did not finish: %w (%d records acknowledged)", err, led.records.Load())
	}
	res.kills, res.restarts, res.killsAfter = k.times, k.restarts, k.killsAfter
	res.acks, res.cutOff, res.doneUnseen, res.unexpected = led.acks, led.cutOff, led.doneUnseen, led.unexpected

	// Everything acknowledged must be there, as acknowledged.
	problems, answers := checkAcks(ctx, workerAPIs, led.acks)
	res.lost = append(res.lost, problems...)
	for _, a := range led.acks {
		if a.Kind == "message" || a.Kind == "action" {
			res.ackedRecords = append(res.ackedRecords, a.ID)
		}
	}
	res.ackedRecords = append(res.ackedRecords, answers...)

	// Every e-Notification must arrive, once (twice only across a kill).
	st, waited, err := drain(ctx, dbPath, sink, o.drainMargin, o.drainLimit)
	if err != nil {
		return nil, fmt.Errorf("read the database: %w", err)
	}
	res.drain = waited
	received, _, noID := sink.snapshot()
	res.email = checkEmails(res.ackedRecords, st, received, noID, srv.generations(res.kills))
	res.committedUnacked = len(st.toCustomer) - len(res.ackedRecords)

	// And the last server still stops cleanly.
	if err := srv.stop(20 * time.Second); err != nil {
		res.email.Wrong = append(res.email.Wrong, "stop on SIGTERM: "+err.Error())
	}
	res.email.Wrong = append(res.email.Wrong, checkIntegrity(ctx, dbPath)...)
	res.email.Wrong = append(res.email.Wrong, checkLog(filepath.Join(dir, "server.log"))...)
	return res, nil
}

// checkLog looks in the servers' log for what must never be there: a data
// race (with -race) or a panic, recovered or not.
func checkLog(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for _, bad := range []string{"WARNING: DATA RACE", "panic:", "level=ERROR"} {
		if n := strings.Count(string(b), bad); n > 0 {
			problems = append(problems, fmt.Sprintf("server.log has %d %q", n, bad))
		}
	}
	return problems
}
