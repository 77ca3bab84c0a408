package main

import (
	"strings"
	"testing"
)

// caseFile: the Case Summary and Detail pages offer the case file export
// (SPEC 21), and their buttons download a PDF with the worker's session.
func (w *workerWalk) caseFile(t *testing.T) {
	b := w.use(t)
	b.open("/worker/cases/A0000001")
	b.waitFor("link", "Download case file (PDF)")
	b.check("case-file-summary")
	if got := b.download("Download case file (PDF)"); got != `200 application/pdf %PDF- attachment; filename="case-A0000001.pdf"` {
		t.Fatalf("the Case Summary's button: %s", got)
	}
	b.open("/worker/messages/" + w.sentID)
	b.waitFor("link", "Download this conversation (PDF)")
	b.check("case-file-detail")
	if got := b.download("Download case file (PDF)"); !strings.HasPrefix(got, "200 application/pdf %PDF- ") {
		t.Fatalf("the Detail page's case button: %s", got)
	}
	if got := b.download("Download this conversation (PDF)"); !strings.HasPrefix(got, `200 application/pdf %PDF- attachment; filename="case-A0000001-thread-`) {
		t.Fatalf("the Detail page's thread button: %s", got)
	}
}

// download fetches what the download link of that name points to, as the
// browser would save it (with the session cookie), and returns "STATUS
// TYPE FIRST-5-BYTES DISPOSITION".
func (b *browser) download(name string) string {
	b.t.Helper()
	return eval[string](b, `(async () => {
		const a = [...document.querySelectorAll("a[download]")].find(a => a.textContent.trim() === `+strconvQuote(name)+`);
		if (!a) return "no link";
		const r = await fetch(a.href);
		const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
		return [r.status, r.headers.get("content-type"), String.fromCharCode(...head), r.headers.get("content-disposition")].join(" ");
	})()`)
}
