package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a clock the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time       { return c.t }
func (c *clock) pass(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                { return &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)} }
func lines(b *bytes.Buffer) []string {
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

// TestPlainLines: off a terminal, a line each Step percent but never two
// within Gap, one after Quiet without progress, and the last line.
func TestPlainLines(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "copy", 1000, "rows", Options{Now: c.now})
	m.Note("counties")
	for range 4 { // 40% in 4s: inside Gap, no line
		c.pass(time.Second)
		m.Add(100)
	}
	if out.Len() != 0 {
		t.Fatalf("a line within %v: %q", Gap, out.String())
	}
	c.pass(time.Second) // 5s, 50%
	m.Add(100)
	c.pass(time.Second) // 6s, 50%: same step, and within Gap of the last line
	m.Add(0)
	c.pass(Quiet) // nothing done for a while: a line anyway
	m.Note("messages")
	c.pass(4 * time.Second) // 40s, 90%
	m.Add(400)
	m.Done()
	got := lines(&out)
	want := []string{
		"copy: 500 of 1000 rows (50%), 100/s, 5s left, counties",
		"copy: 500 of 1000 rows (50%), 14/s, 36s left, messages",
		"copy: 900 of 1000 rows in 40s (22/s), messages",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPlainQuickJob: a job done within Gap writes its last line only.
func TestPlainQuickJob(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "import", 3000, "records", Options{Now: c.now})
	for range 3 {
		c.pass(400 * time.Millisecond)
		m.Add(1000)
	}
	m.Done()
	if got, want := out.String(), "import: 3000 records in 1.2s (2500/s)\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestUnknownTotal: without a total there is no percent and no time left.
func TestUnknownTotal(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "gen", 0, "cases", Options{Now: c.now})
	c.pass(Quiet)
	m.Add(600)
	m.Done()
	want := "gen: 600 cases, 20/s\ngen: 600 cases in 30s (20/s)\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

// TestTerminalBar: on a terminal the bar is redrawn in place (at most every
// redraw interval), with its count, rate and time left, then replaced by
// the last line.
func TestTerminalBar(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "backup", 4<<20, Bytes, Options{Terminal: true, Now: c.now})
	c.pass(2 * time.Second)
	m.Add(1 << 20)
	m.Add(0) // at once again: not drawn again
	m.Note("3 of 12 files")
	c.pass(2 * time.Second)
	m.Add(1 << 20)
	c.pass(4 * time.Second)
	m.Add(2 << 20)
	m.Done()
	draws := strings.Split(out.String(), "\r")
	want := []string{
		"",
		"backup [===>        ]  25% 1.0 MiB/4.0 MiB 512.0 KiB/s ETA 6s\x1b[K",
		"backup [======>     ]  50% 2.0 MiB/4.0 MiB 512.0 KiB/s ETA 4s 3 of 12 files\x1b[K",
		"backup [============] 100% 4.0 MiB/4.0 MiB 512.0 KiB/s ETA 0s 3 of 12 files\x1b[K",
		"\x1b[K" + "backup: 4.0 MiB in 8s (512.0 KiB/s), 3 of 12 files\n",
	}
	if strings.Join(draws, "|\n") != strings.Join(want, "|\n") {
		t.Fatalf("got\n%q\nwant\n%q", draws, want)
	}
}

// TestBarFits: the bar never wraps an 80-column terminal; the note is cut.
func TestBarFits(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "restore: database", 152583, "rows", Options{Terminal: true, Now: c.now})
	m.Note("message_history and a long note besides")
	c.pass(time.Second)
	m.Add(60753)
	last := out.String()[strings.LastIndex(out.String(), "\r")+1:]
	want := "restore: database [====>       ]  39% 60753/152583 rows 60753/s ETA 1.5s messag\x1b[K"
	if last != want {
		t.Fatalf("got  %q\nwant %q", last, want)
	}
}

// TestStop: a failed job takes its bar away and writes no last line.
func TestStop(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "restore", 10, "files", Options{Terminal: true, Now: c.now})
	c.pass(time.Second)
	m.Add(3)
	m.Stop()
	m.Done()
	if got := out.String(); !strings.HasSuffix(got, "\r\x1b[K") || strings.Contains(got, "\n") {
		t.Fatalf("got %q", got)
	}
}

// TestConcurrentAdds: Add from several goroutines counts every unit.
func TestConcurrentAdds(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := NewWith(&out, "import", 0, "passwords", Options{Now: c.now})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				m.Add(1)
			}
		})
	}
	wg.Wait()
	c.pass(2 * time.Second)
	m.Done()
	if got, want := out.String(), "import: 800 passwords in 2s (400/s)\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestSizeAndRound(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{size(512), "512 B"},
		{size(1536), "1.5 KiB"},
		{size(3 << 30), "3.0 GiB"},
		{round(850 * time.Millisecond), "850ms"},
		{round(4230 * time.Millisecond), "4.2s"},
		{round(187 * time.Second), "3m7s"},
		{round(62*time.Minute + 20*time.Second), "1h2m"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
