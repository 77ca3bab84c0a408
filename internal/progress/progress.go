// Package progress shows how far a long command is: on a terminal a bar
// redrawn in place, with the count, the rate and the time left; elsewhere
// (a log, CI, a pipe) a plain line now and then; and at the end one line
// with the total and the time it took.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// When plain lines are written: one each time another Step percent is
// done, or after Quiet without one, but never two within Gap. A command
// that ends within Gap writes only its last line.
const (
	Step  = 10
	Gap   = 5 * time.Second
	Quiet = 30 * time.Second
)

// redraw is how often a terminal's bar is drawn again, at most.
const redraw = 100 * time.Millisecond

// Unit is what a meter counts: Bytes, or a plural noun such as "rows".
type Unit string

// Bytes are printed as KiB, MiB, GiB.
const Bytes Unit = "bytes"

// Options say where and when a meter writes.
type Options struct {
	Terminal bool             // draw a bar in place instead of plain lines
	Now      func() time.Time // the clock; time.Now when nil
}

// Meter counts work done towards a total. Its methods may be called from
// several goroutines.
type Meter struct {
	mu      sync.Mutex
	w       io.Writer
	label   string
	unit    Unit
	opt     Options
	total   int64
	done    int64
	note    string
	start   time.Time
	last    time.Time // of the last line or drawing
	step    int64     // the Step the last plain line was in
	drawn   bool      // a bar is on the terminal's line
	stopped bool
}

// New starts a meter of total units (0 when not known yet) that writes to
// w: a bar when w is a terminal, plain lines otherwise.
func New(w io.Writer, label string, total int64, unit Unit) *Meter {
	return NewWith(w, label, total, unit, Options{Terminal: IsTerminal(w)})
}

// NewWith starts a meter as New does, with the options given.
func NewWith(w io.Writer, label string, total int64, unit Unit, opt Options) *Meter {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	now := opt.Now()
	return &Meter{w: w, label: label, unit: unit, opt: opt, total: total, start: now, last: now}
}

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// SetTotal sets the total, once it is known.
func (m *Meter) SetTotal(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.total = n
	m.show()
}

// Add counts n more units done.
func (m *Meter) Add(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	m.show()
}

// Note sets a few words shown after the figures, such as what is being
// worked on or a second count ("12 of 40 files").
func (m *Meter) Note(s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.note = s
	m.show()
}

// Done writes the last line: the total and the time it took.
func (m *Meter) Done() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.erase()
	m.stopped = true
	elapsed := m.opt.Now().Sub(m.start)
	done := m.amount(m.done)
	if m.total > 0 && m.done != m.total {
		done = m.figure(m.done) + " of " + m.amount(m.total) // stopped short, or went past
	}
	line := fmt.Sprintf("%s: %s in %s", m.label, done, round(elapsed))
	if r := m.rate(elapsed); r != "" && m.done > 0 {
		line += " (" + r + ")"
	}
	if m.note != "" {
		line += ", " + m.note
	}
	fmt.Fprintln(m.w, line)
}

// Stop takes the bar off the terminal without a last line, as when the
// work failed and an error is about to be printed.
func (m *Meter) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.erase()
	m.stopped = true
}

// show draws the bar or writes a plain line when it is time to.
func (m *Meter) show() {
	if m.stopped {
		return
	}
	now := m.opt.Now()
	since := now.Sub(m.last)
	if m.opt.Terminal {
		if since >= redraw || !m.drawn {
			m.last = now
			m.drawn = true
			fmt.Fprint(m.w, "\r"+m.bar(now)+"\x1b[K")
		}
		return
	}
	step := int64(-1)
	if m.total > 0 {
		step = min(m.done, m.total) * 100 / m.total / Step
	}
	if since >= Quiet || (since >= Gap && step > m.step) {
		m.last, m.step = now, step
		fmt.Fprintln(m.w, m.line(now))
	}
}

// erase clears the terminal's line of the bar.
func (m *Meter) erase() {
	if m.drawn {
		fmt.Fprint(m.w, "\r\x1b[K")
		m.drawn = false
	}
}

// line is a plain line: "copy: 4500 of 10000 rows (45%), 900/s, 6s left, messages".
func (m *Meter) line(now time.Time) string {
	elapsed := now.Sub(m.start)
	parts := []string{m.label + ": " + m.fraction()}
	if r := m.rate(elapsed); r != "" {
		parts = append(parts, r)
	}
	if left, ok := m.left(elapsed); ok {
		parts = append(parts, round(left)+" left")
	}
	if m.note != "" {
		parts = append(parts, m.note)
	}
	return strings.Join(parts, ", ")
}

// bar is the terminal's line: "copy [=====>    ]  45% 4500/10000 rows 900/s ETA 6s messages",
// cut to the 80 columns every terminal has, so that it never wraps.
func (m *Meter) bar(now time.Time) string {
	const width, columns = 12, 79
	elapsed := now.Sub(m.start)
	var b strings.Builder
	b.WriteString(m.label + " [")
	if m.total > 0 {
		fill := int(min(m.done, m.total) * width / m.total)
		b.WriteString(strings.Repeat("=", fill))
		if fill < width {
			b.WriteString(">" + strings.Repeat(" ", width-fill-1))
		}
		fmt.Fprintf(&b, "] %3d%% %s/%s", min(m.done, m.total)*100/m.total, m.figure(m.done), m.amount(m.total))
	} else {
		b.WriteString(strings.Repeat("-", width) + "] " + m.amount(m.done))
	}
	if r := m.rate(elapsed); r != "" {
		b.WriteString(" " + r)
	}
	if left, ok := m.left(elapsed); ok {
		b.WriteString(" ETA " + round(left))
	}
	if m.note != "" {
		b.WriteString(" " + m.note)
	}
	line := []rune(b.String())
	return string(line[:min(len(line), columns)])
}

func (m *Meter) fraction() string {
	if m.total <= 0 {
		return m.amount(m.done)
	}
	return fmt.Sprintf("%s of %s (%d%%)", m.figure(m.done), m.amount(m.total), min(m.done, m.total)*100/m.total)
}

// rate is the units done per second so far, "" before any time has passed.
func (m *Meter) rate(elapsed time.Duration) string {
	if elapsed <= 0 {
		return ""
	}
	per := float64(m.done) / elapsed.Seconds()
	if m.unit == Bytes {
		return size(int64(per)) + "/s"
	}
	return fmt.Sprintf("%.0f/s", per)
}

// left is the time left at the rate so far.
func (m *Meter) left(elapsed time.Duration) (time.Duration, bool) {
	if m.total <= 0 || m.done <= 0 || elapsed <= 0 {
		return 0, false
	}
	rest := max(m.total-m.done, 0)
	return time.Duration(float64(elapsed) * float64(rest) / float64(m.done)), true
}

// amount is n with its unit: "4500 rows", "12.0 MiB".
func (m *Meter) amount(n int64) string {
	if m.unit == Bytes {
		return size(n)
	}
	return fmt.Sprintf("%d %s", n, m.unit)
}

// figure is n without a noun (the total after it carries it).
func (m *Meter) figure(n int64) string {
	if m.unit == Bytes {
		return size(n)
	}
	return fmt.Sprint(n)
}

func size(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return fmt.Sprintf("%d B", n)
	case n < k*k:
		return fmt.Sprintf("%.1f KiB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.1f MiB", float64(n)/(k*k))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(k*k*k))
}

// round is a duration as a person reads it: 850ms, 4.2s, 3m7s, 1h2m.
func round(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}
