// Command crashtest checks SPEC section 10's reliability bar on the real
// binary: a kill -9 during a load of sends loses no acknowledged message and
// sends no email twice.
//
// It builds emessage, imports a fixture (one two-way county, a worker per
// client, customers with email and e-Notification on), runs a real SMTP
// server in process and the service as a child process on 127.0.0.1, and
// sends from concurrent clients (e-Messages, upload actions, answers to the
// customers' messages, closes) while it kills the server with SIGKILL at
// random moments and starts it again on the same database. Every create
// carries an Idempotency-Key, the same on every retry. At the end it reads
// every acknowledged request back through the API, counts the records each
// key made, lets the mail queue drain, and holds the database's queue and
// the received emails against each other.
//
//	go run ./cmd/crashtest [-messages 2000] [-kills 5] [-clients 16] [-seed N] [-keep]
//	    [-db postgres://...] [-servers 2] [-webhooks]
//
// With -webhooks the servers run with --webhook-url, to a receiver in
// process that checks each event's signature, and the test also holds
// the events received against the outbox and the acknowledged requests:
// every acknowledged create, answer, close and upload has its event,
// each record's arrived in order.
//
// It exits 1 when anything acknowledged was lost, when a create made two
// records, when an email arrived three times, or twice without a kill
// between the copies.
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

	"github.com/county/emessage/internal/testrig"
)

// options are the command's flags.
type options struct {
	messages, kills, clients, servers int
	seed                              uint64
	bin, goCmd, db                    string
	keep, verbose, race, webhooks     bool
	timeout, drainMargin              time.Duration
	drainLimit, settleLimit           time.Duration
	serveFlags                        []string
}

func main() {
	var o options
	fs := flag.NewFlagSet("crashtest", flag.ExitOnError)
	fs.IntVar(&o.messages, "messages", 2000, "acknowledged records to customers to send (messages, actions, replies)")
	fs.IntVar(&o.kills, "kills", 5, "kill -9 of the server during the load")
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients, each a worker with a customer")
	fs.IntVar(&o.servers, "servers", 1, "server processes on the one database, each on its port; clients spread over them, kills hit any")
	fs.StringVar(&o.db, "db", "", "database: empty for a SQLite file in the work directory, or postgres://... of a server on which a database is created for the run")
	fs.Uint64Var(&o.seed, "seed", 0, "random seed (0: a new one, printed)")
	fs.StringVar(&o.bin, "bin", "", "emessage binary to test (default: go build ./cmd/emessage into the work directory)")
	fs.StringVar(&o.goCmd, "go", envOr("GO", "go"), "go command that builds the binary")
	fs.BoolVar(&o.race, "race", false, "build the binary with the race detector (a race report fails the test: see server.log)")
	fs.BoolVar(&o.webhooks, "webhooks", false, "run the servers with --webhook-url to a receiver in process, and check that every acknowledged change's event arrived, in order")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directory (database, server.log) even when the test passes")
	fs.BoolVar(&o.verbose, "v", false, "print each problem, not only the first ten")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "give up after this long")
	fs.DurationVar(&o.drainMargin, "drain-margin", 30*time.Second, "how long after the last lease of a killed server ends to wait for the emails")
	fs.DurationVar(&o.drainLimit, "drain-limit", 6*time.Minute, "the longest wait for the emails")
	fs.DurationVar(&o.settleLimit, "settle-limit", 5*time.Minute, "the longest wait, after the load, for the creates answered request_in_progress (a killed server's claim holds its Idempotency-Key 2 minutes)")
	fs.Func("serve-flag", "extra flag for emessage serve, like --log-level=debug (repeatable)", func(s string) error {
		o.serveFlags = append(o.serveFlags, s)
		return nil
	})
	fs.Parse(os.Args[1:])
	if o.messages < 1 || o.kills < 0 || o.clients < 1 || o.servers < 1 || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "crashtest: -messages, -clients and -servers must be 1 or more, -kills 0 or more, and no arguments")
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
func crash(ctx context.Context, o options, dir string, out io.Writer) (res *result, err error) {
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
	db := sqliteDatabase(filepath.Join(dir, "emessage.db"))
	if o.db != "" {
		if db, err = createPostgres(ctx, o.db, fmt.Sprintf("emessage_crashtest_%d", time.Now().UnixNano())); err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "database %s on %s\n", db.name, o.db)
		defer func() {
			if passed := err == nil && res.passed(); passed && !o.keep {
				if err := db.drop(context.WithoutCancel(ctx)); err != nil {
					fmt.Fprintln(out, "crashtest: drop the database:", err)
				}
			}
		}()
	}
	if b, err := exec.CommandContext(ctx, bin, "import", "--db", db.serveURL, fixturePath).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("import: %v\n%s", err, b)
	}
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	fl := newFleet(logFile)
	sink, err := startMailSink(fl.log)
	if err != nil {
		return nil, err
	}
	defer sink.Close()
	var hooks []string // serve's webhook flags
	var rcv *testrig.Receiver
	if o.webhooks {
		rcv = testrig.NewReceiver(webhookSecret)
		defer rcv.Close()
		hooks = []string{"--webhook-url", rcv.URL, "--webhook-secret", webhookSecret}
	}
	servers := make([]*serverCtl, o.servers)
	bases := make([]string, o.servers)
	for i := range servers {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		servers[i] = &serverCtl{slot: i + 1, addr: addr, bin: bin, fleet: fl, args: append([]string{
			"--db", db.serveURL, "--data-dir", filepath.Join(dir, "data"),
			"--smtp", "smtp://" + sink.addr, "--base-url", "https://portal.example.gov",
		}, append(hooks, o.serveFlags...)...)}
		defer servers[i].kill()
		if err := servers[i].start(ctx); err != nil {
			return nil, err
		}
		bases[i] = "http://" + addr
	}

	hc := newHTTPClient(2 * o.clients)
	clients := make([]*trafficClient, len(workers))
	workerAPIs := make([]*apiClient, len(workers))
	led := newLedger()
	for i, w := range workers {
		home := i % len(bases)
		wc, err := login(ctx, bases[home], hc, w.Username)
		if err != nil {
			return nil, err
		}
		cc, err := login(ctx, bases[home], hc, w.Customer)
		if err != nil {
			return nil, err
		}
		workerAPIs[i] = wc
		clients[i] = &trafficClient{n: i, w: w, worker: wc, customer: cc, led: led, bases: bases, home: home,
			rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
	}

	// The load, and the kills during it.
	res = &result{opts: o}
	started := time.Now()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	k := &killer{servers: servers, led: led, rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
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
	settleCtx, stopSettle := context.WithCancel(ctx)
	defer stopSettle()
	var settling sync.WaitGroup
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			c.run(loadCtx, stopWhen)
			settling.Go(func() { c.settle(settleCtx) })
		})
	}
	wg.Wait()
	res.load = time.Since(started)
	stopLoad()
	// The creates answered request_in_progress wait for the leases of the
	// claims their cut-off tries left.
	timer := time.AfterFunc(o.settleLimit, stopSettle)
	settling.Wait()
	timer.Stop()
	res.settle = time.Since(started) - res.load
	if killErr := <-killed; killErr != nil && ctx.Err() == nil {
		return nil, killErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("the load did not finish: %w (%d records acknowledged)", err, led.records.Load())
	}
	res.kills, res.restarts, res.killsAfter = k.times, k.restarts, k.killsAfter
	res.acks, res.cutOff, res.doneUnseen, res.unexpected = led.acks, led.cutOff, led.doneUnseen, led.unexpected
	res.waits, res.busy = led.waits, led.busy

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
	st, waited, err := drain(ctx, db, sink, o.drainMargin, o.drainLimit)
	if err != nil {
		return nil, fmt.Errorf("read the database: %w", err)
	}
	res.drain = waited
	received, _, noID := sink.snapshot()
	res.gens = fl.generations()
	res.email = checkEmails(res.ackedRecords, st, received, noID, res.gens)
	res.committedUnacked = len(st.toCustomer) - len(res.ackedRecords)

	// Every acknowledged change's webhook event must arrive, in order.
	if rcv != nil {
		outbox, waited, err := drainWebhooks(ctx, db, rcv, o.drainMargin, o.drainLimit)
		if err != nil {
			return nil, fmt.Errorf("read the webhook outbox: %w", err)
		}
		res.hookDrain = waited
		h := checkWebhooks(led.acks, answers, outbox, rcv)
		res.hooks = &h
	}

	// Every logical create made exactly one record (or upload).
	res.records = checkRecords(led.acks, led.unresolved, st.records, st.uploads)

	// And the last servers still stop cleanly.
	for _, srv := range servers {
		if err := srv.stop(20 * time.Second); err != nil {
			res.email.Wrong = append(res.email.Wrong, fmt.Sprintf("server %d, stop on SIGTERM: %v", srv.slot, err))
		}
	}
	res.email.Wrong = append(res.email.Wrong, checkIntegrity(ctx, db)...)
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
