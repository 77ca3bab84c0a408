package bench

import (
	"context"
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
// operation acts as one of the users, chosen at random: the busy sender
// for OpBusy, the others for the rest.
func Run(ctx context.Context, t Target, users []*User, mix map[Op]int, concurrency int, duration time.Duration, maxOps int, seed uint64) Result {
	var choices []Op
	for _, op := range Ops {
		for range mix[op] {
			choices = append(choices, op)
		}
	}
	var ordinary, busy []*User
	for _, u := range users {
		if u.Busy {
			busy = append(busy, u)
		} else {
			ordinary = append(ordinary, u)
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
				pool := ordinary
				if op == OpBusy && len(busy) > 0 {
					pool = busy
				}
				u := pool[r.IntN(len(pool))]
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
