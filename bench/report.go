package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Round is one operation measured once on each target, the API and the
// bare store in turn: alone (latency, one client at a time) and under load
// (throughput, many clients).
type Round struct {
	APIAlone, BareAlone   Result
	APILoaded, BareLoaded Result
}

// Ratio is the API's throughput over the bare store's in the round.
func (r Round) Ratio() float64 {
	if r.BareLoaded.Rate() <= 0 {
		return 0
	}
	return r.APILoaded.Rate() / r.BareLoaded.Rate()
}

// Errors counts the round's failed operations.
func (r Round) Errors() int {
	return r.APIAlone.Errors + r.BareAlone.Errors + r.APILoaded.Errors + r.BareLoaded.Errors
}

// Figures are one operation's rounds. Rounds interleave the targets (API,
// bare, API, bare...), so that the machine's changing load falls on both
// alike, and the ratio is taken within each round.
type Figures struct {
	Op     Op
	Rounds []Round
}

// median of the rounds' values of f.
func (f Figures) median(value func(Round) float64) float64 {
	var vs []float64
	for _, r := range f.Rounds {
		vs = append(vs, value(r))
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return 0
	}
	if len(vs)%2 == 0 {
		return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
	}
	return vs[len(vs)/2]
}

// Ratio is the median of the rounds' ratios.
func (f Figures) Ratio() float64 { return f.median(Round.Ratio) }

// WriteTable prints figures as a Markdown table: each figure the median
// of the rounds'. Latencies are measured with one client (the time a
// worker waits); throughput with many clients; the ratio is the API's
// throughput over the bare store's doing the same work, in each round,
// then their median.
func WriteTable(w io.Writer, figs []Figures) {
	fmt.Fprintln(w, "| operation | p50 | p95 | p99 | bare p95 | API ops/s | bare ops/s | API/bare (median) | API/bare by round | p95 loaded | errors |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
	for _, f := range figs {
		lat := func(pick func(Round) Result, p func(Result) time.Duration) string {
			return ms(time.Duration(f.median(func(r Round) float64 { return float64(p(pick(r))) })))
		}
		apiAlone := func(r Round) Result { return r.APIAlone }
		var ratios []string
		errs := 0
		for _, r := range f.Rounds {
			ratios = append(ratios, fmt.Sprintf("%.2f", r.Ratio()))
			errs += r.Errors()
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %.0f | %.2f | %s | %s | %d |\n", f.Op,
			lat(apiAlone, func(r Result) time.Duration { return r.P50 }),
			lat(apiAlone, func(r Result) time.Duration { return r.P95 }),
			lat(apiAlone, func(r Result) time.Duration { return r.P99 }),
			lat(func(r Round) Result { return r.BareAlone }, func(r Result) time.Duration { return r.P95 }),
			f.median(func(r Round) float64 { return r.APILoaded.Rate() }),
			f.median(func(r Round) float64 { return r.BareLoaded.Rate() }),
			f.Ratio(), strings.Join(ratios, ", "),
			lat(func(r Round) Result { return r.APILoaded }, func(r Result) time.Duration { return r.P95 }), errs)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
