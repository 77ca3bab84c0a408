package main

// The browser test harness: Debian's Chromium, headless, driven with
// chromedp against the real server (startServer). Elements are found the way
// a person finds them, by role and accessible name (the accessibility tree
// that screen readers get), and every wait is for an element or a page, never
// a sleep. Each page can be checked with axe-core, photographed at 1280 px
// and weighed. The worker site's tests use it; the customer portal's will too.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one step of a browser test (a click and the page it
// brings, a wait for an element).
const browserTimeout = 30 * time.Second

// chromiumPath finds the browser: $EMESSAGE_CHROMIUM, or Debian's chromium.
func chromiumPath() string {
	if p := os.Getenv("EMESSAGE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome-headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserShared is what every tab of one test's browser shares.
type browserShared struct {
	outDir  string
	axe     string
	mu      sync.Mutex
	figures map[string]pageFigures
}

// browser is one tab of a headless Chromium, at the address of a server.
type browser struct {
	t      testing.TB
	ctx    context.Context
	base   string
	shared *browserShared
	// errors collects the page's uncaught script errors and content
	// security policy violations; check fails the test when there are any.
	mu     sync.Mutex
	errors []string
}

// newBrowser starts Chromium for the test. Without Chromium the test fails;
// it is skipped when the browser tests were left out by name (requireChromium).
func newBrowser(t *testing.T, base string, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	requireChromium(t)
	path := chromiumPath()
	axe, err := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core: %v (make assets)", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", path, err)
	}
	shared := &browserShared{outDir: screenshotDir(t), axe: string(axe), figures: map[string]pageFigures{}}
	t.Cleanup(func() { shared.writeFigures(t) })
	return newTab(t, ctx, base, shared)
}

// tab opens another tab of the same browser (its own cookies are the
// browser's: sign in again as someone else in a new browser instead).
func (b *browser) tab(t testing.TB) *browser {
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, with no timeout
		t.Fatalf("new tab: %v", err)
	}
	return newTab(t, ctx, b.base, b.shared)
}

func newTab(t testing.TB, ctx context.Context, base string, shared *browserShared) *browser {
	b := &browser{t: t, ctx: ctx, base: base, shared: shared}
	// Every document reports its script errors and CSP violations.
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__problems = [];
				document.addEventListener("securitypolicyviolation", e => window.__problems.push("CSP " + e.violatedDirective + " " + e.blockedURI));
				window.addEventListener("error", e => window.__problems.push("error " + e.message));`,
		})
		return err
	}))
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.errors = append(b.errors, "a dialog opened: "+ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

// do runs steps, each page's worth bounded by browserTimeout, and fails the
// test with a screenshot of the page when one fails.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.failShot()
		b.t.Fatalf("browser: %v (page %s)", err, b.location())
	}
}

// run runs an action with a value.
func value[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.failShot()
		b.t.Fatalf("browser: %v (page %s)", err, b.location())
	}
	return v
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// failShot keeps a screenshot of the page a step failed on.
func (b *browser) failShot() {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		name := filepath.Join(b.shared.outDir, "FAILED-"+safeName(b.t.Name())+".png")
		if os.WriteFile(name, png, 0o644) == nil {
			b.t.Logf("screenshot of the failing page: %s", name)
		}
	}
}

// open navigates to a path of the server and waits for the page.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// byRole finds elements by their role and accessible name in the
// accessibility tree, as assistive technology (and a person) finds them.
// Hidden elements are not found.
func byRole(role, name string) chromedp.QueryOption {
	return chromedp.ByFunc(func(ctx context.Context, t *chromedp.Target, n *chromedp.Node) ([]cdp.NodeID, error) {
		res, err := cdp.Call(ctx, t, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{
			NodeID: n.NodeID, AccessibleName: name, Role: role,
		})
		if err != nil {
			return nil, err
		}
		var ids []cdp.BackendNodeID
		for _, ax := range res.Nodes {
			if !ax.Ignored && ax.BackendDOMNodeID != 0 {
				ids = append(ids, ax.BackendDOMNodeID)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		pushed, err := cdp.Call(ctx, t, dom.PushNodesByBackendIDsToFrontend, dom.PushNodesByBackendIDsToFrontendParams{BackendNodeIDs: ids})
		return pushed.NodeIDs, err
	})
}

// role is a selector by role and accessible name, for the chromedp query actions.
func role(r, name string) (chromedp.Search, chromedp.QueryOption) {
	return chromedp.Search(r + " " + strconvQuote(name)), byRole(r, name)
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// click clicks the element of a role and accessible name: click("button",
// "Save"). The page is marked first, so that waitURL waits for the page the
// click brings and not this one.
func (b *browser) click(r, name string) {
	b.t.Helper()
	sel, by := role(r, name)
	b.do(chromedp.WaitVisible(sel, by), chromedp.Evaluate[chromedp.Void](`window.__stale = true`),
		chromedp.Click(sel, by, chromedp.NodeVisible))
}

// clickCSS is click for an element found by a CSS selector.
func (b *browser) clickCSS(css string) {
	b.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.CSS(css)), chromedp.Evaluate[chromedp.Void](`window.__stale = true`),
		chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// waitFor waits until an element of a role and accessible name is visible.
func (b *browser) waitFor(r, name string) {
	b.t.Helper()
	sel, by := role(r, name)
	b.do(chromedp.WaitVisible(sel, by))
}

// fill types text into the field labelled label (replacing what it holds).
func (b *browser) fill(label, text string) {
	b.t.Helper()
	sel, by := role("textbox", label)
	id := value(b, chromedp.JavascriptAttribute[string](sel, "id", by, chromedp.NodeVisible))
	b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).value = ""`, id)),
		chromedp.SendKeys(chromedp.ID(id), text))
}

// tick clicks the label of the radio button or checkbox named name, as a
// person does (USWDS draws the box in the label and hides the input).
func (b *browser) tick(r, name string) {
	b.t.Helper()
	sel, by := role(r, name)
	id := value(b, chromedp.JavascriptAttribute[string](sel, "id", by))
	b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for=%q]`, id)), chromedp.NodeVisible))
}

// choose picks the option with the visible text option in the drop list labelled label.
func (b *browser) choose(label, option string) {
	b.t.Helper()
	sel, by := role("combobox", label)
	id := value(b, chromedp.JavascriptAttribute[string](sel, "id", by))
	b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const s = document.getElementById(%q);
		const o = [...s.options].find(o => o.textContent.trim() === %q);
		if (!o) throw new Error("no option " + %q + " in " + %q);
		s.value = o.value;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, id, option, option, label)))
}

// hover moves the mouse over the element of a role and name.
func (b *browser) hover(r, name string) {
	b.t.Helper()
	sel, by := role(r, name)
	box := value(b, chromedp.Dimensions(sel, by, chromedp.NodeVisible))
	q := box.Content
	x, y := (q[0]+q[2])/2, (q[1]+q[5])/2
	b.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
}

// text returns the visible text of the first element matching a CSS selector.
func (b *browser) text(css string) string {
	b.t.Helper()
	return value(b, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
}

// eval runs JavaScript in the page and returns its result.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	return value(b, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// waitJS waits until a JavaScript expression is true on the page.
// A page that navigates away while it is polled ends the poll; the wait
// then goes on in the next page.
func (b *browser) waitJS(js string) {
	b.t.Helper()
	deadline := time.Now().Add(browserTimeout)
	for {
		ctx, cancel := context.WithDeadline(b.ctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(20*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) || b.ctx.Err() != nil || !navigatedAway(err) {
			b.failShot()
			b.t.Fatalf("browser: waiting for %s: %v (page %s)", js, err, b.location())
		}
	}
}

// navigatedAway reports whether an evaluation failed because the page went
// on to another document meanwhile.
func navigatedAway(err error) bool {
	msg := err.Error()
	for _, s := range []string{"navigated or closed", "context was destroyed", "Cannot find context", "No frame", "uniqueContextId"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// waitURL waits for a new page (not one a click left) whose address starts
// with base+prefix.
func (b *browser) waitURL(prefix string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`!window.__stale && location.href.startsWith(%q) && document.readyState === "complete"`, b.base+prefix))
}

// disableScripts turns JavaScript off in the tab (for the paths that must
// work without it), or back on.
func (b *browser) disableScripts(off bool) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	}))
}
