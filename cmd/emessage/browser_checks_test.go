package main

// The checks every page of a browser test gets: no script errors or content
// security policy violations, no serious or critical axe-core violations, a
// screenshot at 1280 px, and the page's weight and requests.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// check is what every page gets: no script errors or CSP violations, no
// serious or critical axe-core violations, a screenshot at 1280 px, and
// its figures. name names the screenshot.
func (b *browser) check(name string) {
	b.t.Helper()
	b.waitJS(`document.readyState === "complete"`)
	problems := eval[[]string](b, `window.__problems || []`)
	b.mu.Lock()
	problems = append(problems, b.errors...)
	b.errors = nil
	b.mu.Unlock()
	if len(problems) > 0 {
		b.t.Errorf("%s: the page had problems: %s", name, strings.Join(problems, "; "))
	}
	b.axeCheck(name)
	b.screenshot(name)
	b.measure(name)
}

// axeViolation is the part of an axe-core result that a failure message shows.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// axeCheck runs axe-core (WCAG 2.1 A and AA, and best practices) on the page
// and fails on serious or critical violations.
func (b *browser) axeCheck(name string) {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === "object"`) {
		b.do(chromedp.Evaluate[chromedp.Void](b.shared.axe))
	}
	raw := value(b, chromedp.Evaluate[[]byte](`axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
			resultTypes: ["violations"]
		}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		b.t.Fatalf("axe result: %v", err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			if testing.Verbose() {
				b.t.Logf("%s: axe %s (%s): %s", name, v.ID, v.Impact, v.Help)
			}
			continue
		}
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		b.t.Errorf("%s: axe %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(where, " | "))
	}
}

// screenshotDir is $EMESSAGE_SCREENSHOTS or testdata/out (ignored by git:
// the folder holds its own .gitignore).
func screenshotDir(t testing.TB) string {
	dir := os.Getenv("EMESSAGE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*\n"), 0o644)
	old, _ := filepath.Glob(filepath.Join(dir, "FAILED-*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	return dir
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// screenshot writes the whole page, 1280 px wide, as NAME.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := value(b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(b.shared.outDir, safeName(name)+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// pageFigures is what loading a page cost: its bytes over the network
// (compressed, as a first visit with an empty cache transfers them) and its
// requests, all of them and those that reached the network.
type pageFigures struct {
	URL          string `json:"url"`
	Bytes        int64  `json:"bytes"`
	Requests     int    `json:"requests"`
	HTMLBytes    int64  `json:"html_bytes"`
	NetworkCalls int    `json:"network_requests"`
}

// measure records the figures of the page from the browser's resource timing.
func (b *browser) measure(name string) {
	b.t.Helper()
	f := eval[pageFigures](b, `(() => {
		const nav = performance.getEntriesByType("navigation")[0];
		const res = performance.getEntriesByType("resource");
		let bytes = nav.encodedBodySize, net = 1;
		for (const r of res) { bytes += r.encodedBodySize; if (r.transferSize > 0) net++; }
		return {url: location.pathname + location.search, bytes: bytes, requests: 1 + res.length,
			html_bytes: nav.encodedBodySize, network_requests: net};
	})()`)
	b.shared.mu.Lock()
	b.shared.figures[name] = f
	b.shared.mu.Unlock()
}

// writeFigures adds the pages' figures to figures.json beside the
// screenshots (the worker's and the portal's tests write there both), and
// logs them.
func (s *browserShared) writeFigures(t testing.TB) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.figures) == 0 {
		return
	}
	file := filepath.Join(s.outDir, "figures.json")
	all := map[string]pageFigures{}
	if old, err := os.ReadFile(file); err == nil {
		json.Unmarshal(old, &all) // a damaged file is replaced
	}
	for name, f := range s.figures {
		all[name] = f
	}
	out, _ := json.MarshalIndent(all, "", "  ")
	os.WriteFile(file, out, 0o644)
	for name, f := range s.figures {
		t.Logf("page %-28s %6.1f KB in %d requests (%d over the network), HTML %.1f KB", name,
			float64(f.Bytes)/1024, f.Requests, f.NetworkCalls, float64(f.HTMLBytes)/1024)
	}
}
