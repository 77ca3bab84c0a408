package casefile

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/county/emessage"
	"github.com/county/emessage/filestore"
	"github.com/county/emessage/internal/testrig"
)

// TestCaseFileLanguages writes a case with a record in each of the 19
// languages, uploads of each kind and an archived record, and reads it
// back with a real PDF reader (poppler's pdftotext): every record's
// subject in order, in its own script, the header on every page, "Page
// N of M", the images appended and the PDF listed.
func TestCaseFileLanguages(t *testing.T) {
	x := sampleExport(len(samples))
	x.Records[len(samples)-1].Message.Archived = true
	cancelled := x.Records[len(samples)-2].Message
	cancelled.Cancelled, cancelled.SendAt = true, &cancelled.CreatedAt
	x.Files = mustUploads(t, &x.Records[1], map[string][]byte{
		"photo.jpg": testImage(t, "jpeg"), "scan.png": testImage(t, "png"), "deep.png": testImage(t, "png16"),
		"form.pdf": testrig.PDF("A form"),
	})
	var buf bytes.Buffer
	if err := NewWriter(nil).WriteCaseFile(t.Context(), &buf, x); err != nil {
		t.Fatal(err)
	}
	text := norm.NFKC.String(testrig.MustPDFText(t, buf.Bytes()))
	pages := testrig.MustPDFPages(t, buf.Bytes())
	rest := text
	for i, s := range samples {
		marker := "R" + pad(i+1) + " " + s.lang + ":"
		at := strings.Index(rest, marker)
		if at < 0 {
			t.Fatalf("record %d (%s) is missing or out of order:\n%s", i+1, s.lang, text)
		}
		rest = rest[at:]
		subject := norm.NFKC.String(s.text)
		if !strings.Contains(rest, subject) && !strings.Contains(rest, reverseWords(subject)) {
			t.Errorf("record %d's subject is not written in %s: %q not in\n%.400s", i+1, s.lang, subject, rest)
		}
	}
	for _, want := range []string{"Page 1 of " + strconv.Itoa(pages), "Page " + strconv.Itoa(pages) + " of " + strconv.Itoa(pages),
		"Case file export, generated 12/02/2026 9:04 AM PST by Wanda Worker (wanda)", "19. Message · Sent · Archived", " · Cancelled before sending", "Send time chosen: ",
		"form.pdf — ", "PDF attached in the portal record, not embedded", "Image 1: ", "Image 3: ",
		"Read by the customer on 11/02/2026 10:04 AM PST", "Not read by the customer", "Seen by: Otto Other (otto), 11/02/2026 10:05 AM PST",
		"Received — 11/02/2026 10:04 AM PST — Ana Alvarez (customer)", "Read — 11/02/2026 10:05 AM PST — Otto Other (otto)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the export does not say %q", want)
		}
	}
	if n := strings.Count(text, "Alameda County · Case B1234567"); n != pages {
		t.Errorf("the header is on %d of %d pages", n, pages)
	}
	if n := testrig.MustPDFImages(t, buf.Bytes()); n != 3 {
		t.Errorf("%d images embedded, want the JPEG and both PNGs", n)
	}
}

// TestCaseFileWithoutFonts: with no font at all, the export is still
// written (in Helvetica), and the log says once for each script that its
// font is missing.
func TestCaseFileWithoutFonts(t *testing.T) {
	var log bytes.Buffer
	w := NewWriter(slog.New(slog.NewTextHandler(&log, nil)), t.TempDir())
	for range 2 {
		var buf bytes.Buffer
		if err := w.WriteCaseFile(t.Context(), &buf, sampleExport(len(samples))); err != nil {
			t.Fatal(err)
		}
		if text := testrig.MustPDFText(t, buf.Bytes()); !strings.Contains(text, "R001 en: Your interview is on Monday") || !strings.Contains(text, "Page 1 of ") {
			t.Fatalf("the export without fonts:\n%s", text)
		}
	}
	for s := range numScripts {
		if n := strings.Count(log.String(), "script="+s.String()+" "); n != 1 {
			t.Errorf("the missing font of %v is logged %d times:\n%s", s, n, log.String())
		}
	}
}

// BenchmarkCaseFile200 writes the export of a case of 200 records,
// without images: with the first 19 in every language (so every script's
// font is parsed and embedded), and all in English: docs/PERFORMANCE.md.
func BenchmarkCaseFile200(b *testing.B) {
	english := sampleExport(200)
	for _, r := range english.Records[:len(samples)] {
		r.Message.Subject, r.Message.Body = "An English subject", "An English body.\nA second paragraph."
	}
	for _, bc := range []struct {
		name string
		x    *emessage.CaseExport
	}{{"19-languages", sampleExport(200)}, {"english", english}} {
		b.Run(bc.name, func(b *testing.B) {
			w := NewWriter(nil)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				var buf bytes.Buffer
				if err := w.WriteCaseFile(b.Context(), &buf, bc.x); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "pdf-bytes")
		})
	}
}

// mustUploads stores files as uploads of the record, in a new file store.
func mustUploads(t *testing.T, r *emessage.ExportRecord, files map[string][]byte) emessage.FileStore {
	t.Helper()
	fs, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"photo.jpg", "scan.png", "deep.png", "form.pdf"} {
		data, ok := files[name]
		if !ok {
			continue
		}
		stored, err := fs.Put(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		kind := emessage.DetectUploadType(data)
		r.Uploads = append(r.Uploads, emessage.Upload{PublicID: "U" + name, Filename: name, ContentType: kind,
			Size: int64(len(data)), StorageName: stored, UploadedAt: day0})
	}
	return fs
}

// testImage is a small picture as JPEG, 8-bit PNG or 16-bit PNG (which
// fpdf does not take as it is).
func testImage(t *testing.T, kind string) []byte {
	t.Helper()
	img := image.NewRGBA64(image.Rect(0, 0, 90, 60))
	for y := range 60 {
		for x := range 90 {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 4), 200, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	switch kind {
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "png":
		rgba := image.NewRGBA(img.Bounds())
		for y := range 60 {
			for x := range 90 {
				rgba.Set(x, y, img.At(x, y))
			}
		}
		err = png.Encode(&buf, rgba)
	default:
		err = png.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pad(n int) string { return strings.Repeat("0", 3-len(strconv.Itoa(n))) + strconv.Itoa(n) }

// reverseWords is s with its words in the other order: how a reader may
// give a right-to-left line it read from the left.
func reverseWords(s string) string {
	w := regexp.MustCompile(`\s+`).Split(s, -1)
	for i, j := 0, len(w)-1; i < j; i, j = i+1, j-1 {
		w[i], w[j] = w[j], w[i]
	}
	return strings.Join(w, " ")
}

// TestCaseFileOddCharacters: emoji and other characters past the Basic
// Multilingual Plane, which fpdf cannot write, show as the replacement
// character; control and invisible characters are left out; the export
// is written whatever a customer typed.
func TestCaseFileOddCharacters(t *testing.T) {
	x := sampleExport(2)
	x.Records[0].Message.Subject = "Thanks 😀 𠀀 \uFFFF end"
	x.Records[0].Message.Body = "A\u200bB\u0007C \U0010FFFF 👍🏽 done (بيت) [x]"
	var buf bytes.Buffer
	if err := NewWriter(nil).WriteCaseFile(t.Context(), &buf, x); err != nil {
		t.Fatal(err)
	}
	text := testrig.MustPDFText(t, buf.Bytes())
	for _, want := range []string{"Thanks \uFFFD \uFFFD", "ABC \uFFFD \uFFFD\uFFFD done"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is not in\n%s", want, text)
		}
	}
}
