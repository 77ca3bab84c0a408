package testrig

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/county/emessage/internal/testenv"
)

// MustPDFText returns the text of a PDF as a real PDF reader reads it:
// poppler's pdftotext (Debian package poppler-utils), pages apart by a
// form feed. A test that reads a PDF fails when the tool is missing,
// unless EMESSAGE_TEST_SKIP names "pdftotext".
func MustPDFText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := mustPDFFile(tb, pdf)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext cannot read the PDF: %v", pdfToolErr(err))
	}
	return string(out)
}

// MustPDFPages returns how many pages pdfinfo (poppler) counts in a PDF.
func MustPDFPages(tb testing.TB, pdf []byte) int {
	tb.Helper()
	out, err := exec.Command("pdfinfo", mustPDFFile(tb, pdf)).Output()
	if err != nil {
		tb.Fatalf("pdfinfo cannot read the PDF: %v", pdfToolErr(err))
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		tb.Fatalf("pdfinfo names no page count: %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// mustPDFFile checks that poppler's tools are here and writes the PDF
// where they can read it.
func mustPDFFile(tb testing.TB, pdf []byte) string {
	tb.Helper()
	_, err := exec.LookPath("pdftotext")
	testenv.Need(tb, "pdftotext", err == nil, "pdftotext and pdfinfo are missing (Debian package poppler-utils)")
	path := filepath.Join(tb.TempDir(), "file.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func pdfToolErr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return err.Error() + ": " + string(ee.Stderr)
	}
	return err.Error()
}

// MustPDFImages returns how many images pdfimages (poppler) lists in a PDF.
func MustPDFImages(tb testing.TB, pdf []byte) int {
	tb.Helper()
	out, err := exec.Command("pdfimages", "-list", mustPDFFile(tb, pdf)).Output()
	if err != nil {
		tb.Fatalf("pdfimages cannot read the PDF: %v", pdfToolErr(err))
	}
	n := 0
	for _, l := range regexp.MustCompile(`(?m)^\s+\d+\s+\d+\s+image\s`).FindAll(out, -1) {
		_ = l
		n++
	}
	return n
}
