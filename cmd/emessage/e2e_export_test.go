package main

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/county/emessage/internal/testrig"
)

// TestAPICaseExport walks SPEC 21 through the real server on each
// database: a worker's messages in three languages, the customer's
// answer, message and JPEG; the case file export holds every record of
// the case in order as a real PDF reader reads it, one thread with
// ?thread=, is refused to another county and to a customer, is audited,
// and reads no record.
func TestAPICaseExport(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, ana, bea, nora := w.as("wanda"), w.as("ana"), w.as("bea"), w.as("nora")
		first := w.send(wanda, map[string]any{"subject": "X1 Interview on Monday", "body": "Please come at 10."}).Want(t, 201)
		w.send(wanda, map[string]any{"subject": "X2 موعد المقابلة يوم الاثنين", "body": "يرجى الحضور الساعة ١٠"}).Want(t, 201)
		w.send(wanda, map[string]any{"subject": "X3 您的面谈在星期一", "body": "请十点到。"}).Want(t, 201)
		action := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document", "subject": "X4 Send your paystub"}).Want(t, 201)
		ana.Do("GET", "/api/v1/ssp/messages/"+first.Str("id"), nil).Want(t, 200) // the read receipt
		ana.Do("POST", "/api/v1/ssp/messages/"+first.Str("id")+"/reply", map[string]any{"body": "I will be there."}).Want(t, 201)
		ana.Upload("/api/v1/ssp/messages/"+action.Str("id")+"/uploads", map[string][]byte{"paystub.jpg": testJPEG(t)}).Want(t, 201)
		asked := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "X5 A question", "body": "Can I bring my son?"}).Want(t, 201)

		r := wanda.Do("GET", "/api/v1/cases/a0000001/export.pdf", nil).Want(t, 200)
		if r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("Content-Disposition") != `attachment; filename="case-A0000001.pdf"` ||
			r.Header.Get("Cache-Control") != "no-store" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
			t.Fatalf("export answer: %v %.20q", r.Header, r.Body)
		}
		text := pdfText(t, r.Body)
		// Every record of the case, oldest first, as the API lists them.
		var subjects []string
		list := wanda.Do("GET", "/api/v1/messages?case_number=A0000001&scope=county&limit=200", nil).Want(t, 200)
		for _, m := range list.JSON["messages"].([]any) {
			subjects = append(subjects, m.(map[string]any)["subject"].(string))
		}
		slices.Reverse(subjects)
		if len(subjects) < 7 {
			t.Fatalf("the case has %d records: %v", len(subjects), subjects)
		}
		wantInOrder(t, text, subjects)
		pages := testrig.MustPDFPages(t, r.Body)
		for _, want := range []string{"Alameda County · Case A0000001", "Page 1 of " + strconv.Itoa(pages),
			"Case file export, generated", "by Wanda Worker (wanda)", "Read by the customer on", "paystub.jpg",
			"image appended at the end of this file", "Image 1: paystub.jpg", "Seen by: No worker has opened it"} {
			if !strings.Contains(text, want) {
				t.Errorf("the export does not say %q:\n%s", want, text)
			}
		}

		// One thread: the first message and the customer's answer only.
		thread := wanda.Do("GET", "/api/v1/cases/A0000001/export.pdf?thread="+url.QueryEscape(first.Str("thread_id")), nil).Want(t, 200)
		if cd := thread.Header.Get("Content-Disposition"); !strings.Contains(cd, "thread") {
			t.Errorf("a thread's export is named %q", cd)
		}
		one := pdfText(t, thread.Body)
		if !strings.Contains(one, "X1 Interview on Monday") || strings.Contains(one, "X4 Send your paystub") || !strings.Contains(one, "2 e-Messages of thread") {
			t.Fatalf("the thread's export:\n%s", one)
		}
		theirs := w.send(bea, map[string]any{"case_number": "B0000001", "subject": "Butte's"})
		_ = theirs // Butte is one-way: a message; its thread is not on case A0000001
		if id := theirs.Str("thread_id"); id != "" {
			wanda.Do("GET", "/api/v1/cases/A0000001/export.pdf?thread="+id, nil).Want(t, 404, "not_found")
		}
		wanda.Do("GET", "/api/v1/cases/A0000001/export.pdf?thread=NOSUCHTHREAD", nil).Want(t, 404, "not_found")
		wanda.Do("GET", "/api/v1/cases/Z9999999/export.pdf", nil).Want(t, 404, "not_found")

		// Another county's worker, a worker without the right, a customer, nobody.
		bea.Do("GET", "/api/v1/cases/A0000001/export.pdf", nil).Want(t, 404, "not_found")
		nora.Do("GET", "/api/v1/cases/A0000001/export.pdf", nil).Want(t, 403, "forbidden")
		ana.Do("GET", "/api/v1/cases/A0000001/export.pdf", nil).Want(t, 403, "forbidden")
		w.anon().Do("GET", "/api/v1/cases/A0000001/export.pdf", nil).Want(t, 401)

		// Audited as a download, once per export; no record was read by it.
		var exports []string
		for _, e := range wanda.Do("GET", "/api/v1/cases/A0000001/audit", nil).Want(t, 200).JSON["audit"].([]any) {
			if e := e.(map[string]any); e["action"] == "case.export" {
				exports = append(exports, e["actor"].(string)+" "+e["detail"].(string))
			}
		}
		if len(exports) != 2 || !strings.HasPrefix(exports[0], "wanda PDF, 2 records, thread ") || !strings.HasPrefix(exports[1], "wanda PDF, ") {
			t.Fatalf("case.export audit entries: %q", exports)
		}
		if got := wanda.Do("GET", "/api/v1/messages?case_number=A0000001&scope=county&status=received", nil).Want(t, 200); !strings.Contains(string(got.Body), asked.Str("id")) {
			t.Fatalf("exporting read the customer's message: %s", got.Body)
		}
	})
}

// pdfText is the text of a PDF as pdftotext reads it, in compatibility
// form (Arabic presentation forms as their letters).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return norm.NFKC.String(testrig.MustPDFText(t, pdf))
}

// wantInOrder fails unless each of subjects is in text, each after the last.
func wantInOrder(t *testing.T, text string, subjects []string) {
	t.Helper()
	rest := text
	for i, s := range subjects {
		at := strings.Index(rest, s)
		if at < 0 && regexp.MustCompile(`\p{Arabic}`).MatchString(s) {
			// A right-to-left subject: pdftotext gives its words in the
			// order they are read; look for its left-to-right marker alone.
			at = strings.Index(rest, strings.Fields(s)[0])
		}
		if at < 0 {
			t.Fatalf("record %d %q is not in the export after record %d, or not at all:\n%s", i+1, s, i, text)
		}
		rest = rest[at+1:]
	}
}

// testJPEG is a small photo-like JPEG, as a phone would upload.
func testJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 160))
	for y := range 160 {
		for x := range 120 {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y), 180, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
