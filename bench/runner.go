package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Result is what one operation did on one target.
type Result struct {
	Target      string
	Op          Op
	Concurrency int
	Count       int
	Errors      int
	FirstError  string
	Elapsed     time.Duration
	P50         time.Duration
	P95         time.Duration
	P99         time.Duration
}

// Rate is the operations per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Count) / r.Elapsed.Seconds()
}

// Run does ops, chosen by weight, from concurrency goroutines until duration
// has passed (or maxOps operations were done, when above zero). Each
// operation acts as one of the users, chosen at random.
func Run(ctx context.Context, t Target, users []*User, mix map[Op]int, concurrency int, duration time.Duration, maxOps int, seed uint64) Result {
	var choices []Op
	for _, op := range Ops {
		for range mix[op] {
			choices = append(choices, op)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		firstErr  string
		wg        sync.WaitGroup
		done      int64
	)
	start := time.Now()
	for g := range concurrency {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(seed, uint64(g)))
			var mine []time.Duration
			var myErrs int
			var myFirst string
			for ctx.Err() == nil {
				mu.Lock()
				if maxOps > 0 && done >= int64(maxOps) {
					mu.Unlock()
					break
				}
				done++
				mu.Unlock()
				op := choices[r.IntN(len(choices))]
				u := users[r.IntN(len(users))]
				t0 := time.Now()
				err := t.Do(ctx, op, u, r)
				if ctx.Err() != nil {
					break // cut off by the end of the run: not counted
				}
				if err != nil {
					myErrs++
					if myFirst == "" {
						myFirst = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += myErrs
			if firstErr == "" {
				firstErr = myFirst
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res := Result{Target: t.Name(), Concurrency: concurrency, Count: len(latencies), Errors: errs, FirstError: firstErr, Elapsed: time.Since(start)}
	if len(choices) > 0 && len(mix) == 1 {
		res.Op = choices[0]
	} else {
		res.Op = "mix"
	}
	slices.Sort(latencies)
	res.P50, res.P95, res.P99 = percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)
	return res
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

// Figures are one operation's results: alone (latency, one client at a time)
// and under load (throughput, many clients), through the API and on the bare store.
type Figures struct {
	Op                    Op
	APIAlone, BareAlone   Result
	APILoaded, BareLoaded Result
}

// WriteTable prints figures as a Markdown table. Latencies are measured with
// one client (the time a worker waits); throughput with many clients; the
// ratio is the API's throughput over the bare store's doing the same work.
func WriteTable(w io.Writer, figs []Figures) {
	fmt.Fprintln(w, "| operation | p50 | p95 | p99 | bare p95 | API ops/s | bare ops/s | API/bare | p95 loaded | errors |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, f := range figs {
		ratio := "-"
		if f.BareLoaded.Rate() > 0 {
			ratio = fmt.Sprintf("%.2f", f.APILoaded.Rate()/f.BareLoaded.Rate())
		}
		errs := f.APIAlone.Errors + f.BareAlone.Errors + f.APILoaded.Errors + f.BareLoaded.Errors
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %.0f | %s | %s | %d |\n",
			f.Op, ms(f.APIAlone.P50), ms(f.APIAlone.P95), ms(f.APIAlone.P99), ms(f.BareAlone.P95),
			f.APILoaded.Rate(), f.BareLoaded.Rate(), ratio, ms(f.APILoaded.P95), errs)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
