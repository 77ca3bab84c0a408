package answer

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		wantFilename string // what a client reading filename= gets
		wantStar     string // what a client reading filename* gets
	}{
		{"plain", "report.pdf", "report.pdf", "report.pdf"},
		{"spaces", "my scan 1.jpg", "my scan 1.jpg", "my scan 1.jpg"},
		{"quotes", `a"b".pdf`, "a_b_.pdf", `a"b".pdf`},
		{"backslash", `a\"; filename=evil.exe`, `__ filename=evil.exe`, `"; filename=evil.exe`},
		{"semicolon", "x; filename=evil.exe", "x_ filename=evil.exe", "x; filename=evil.exe"},
		{"newlines", "a\r\nContent-Type: text\r\n\r\n<b>.pdf", "aContent-Type_ text_b_.pdf", "aContent-Type: text<b>.pdf"},
		{"dot dot slash", "../../etc/passwd", "passwd", "passwd"},
		{"windows path", `C:\Users\maria\..\scan.png`, "scan.png", "scan.png"},
		{"only dots", "..", "document", "document"},
		{"empty", "", "document", "document"},
		{"non-ASCII", "résumé ñ 文件.pdf", "r_sum_ _ __.pdf", "résumé ñ 文件.pdf"},
		{"right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe", "invoicefdp.exe"},
		{"percent", "100%.pdf", "100_.pdf", "100%.pdf"},
		{"invalid UTF-8", "a\xff\xfeb.pdf", "ab.pdf", "ab.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Disposition("attachment", tt.in)
			for i := 0; i < len(got); i++ {
				if c := got[i]; c < 0x20 || c >= 0x7f {
					t.Fatalf("header %q holds byte %#x", got, c)
				}
			}
			if !strings.HasPrefix(got, "attachment; filename=") || !strings.Contains(got, "; filename*=UTF-8''") {
				t.Errorf("header %q lacks filename or filename*", got)
			}
			// A client that knows RFC 2231/5987 prefers filename*.
			disp, params, err := mime.ParseMediaType(got)
			if err != nil || disp != "attachment" {
				t.Fatalf("ParseMediaType(%q) = %q, %v", got, disp, err)
			}
			if params["filename"] != tt.wantStar {
				t.Errorf("decoded filename* = %q, want %q (header %q)", params["filename"], tt.wantStar, got)
			}
			// A client that reads only filename= gets the ASCII name.
			ascii, _, _ := strings.Cut(got, "; filename*=")
			_, aparams, err := mime.ParseMediaType(ascii)
			if err != nil {
				t.Fatalf("ParseMediaType(%q): %v", ascii, err)
			}
			if aparams["filename"] != tt.wantFilename {
				t.Errorf("filename = %q, want %q (header %q)", aparams["filename"], tt.wantFilename, got)
			}
			for _, bad := range []string{"/", `\`, "..", "\""} {
				if strings.Contains(aparams["filename"], bad) && tt.name != "only dots" {
					t.Errorf("filename %q holds %q", aparams["filename"], bad)
				}
			}
		})
	}
}

func TestDownload(t *testing.T) {
	data := []byte("%PDF-1.7\x00\xff binary\r\n%%EOF")
	rec := httptest.NewRecorder()
	Download(testrig.Logger(nil), rec, httptest.NewRequest("GET", "/x", nil), "application/pdf", "form.pdf", int64(len(data)), strings.NewReader(string(data)))
	testrig.MustStatus(t, rec, http.StatusOK)
	if rec.Body.String() != string(data) {
		t.Errorf("body = %q, want the exact bytes", rec.Body.String())
	}
	for k, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Length":         strconv.Itoa(len(data)),
		"X-Content-Type-Options": "nosniff",
		"Content-Disposition":    "attachment; filename=form.pdf; filename*=UTF-8''form.pdf",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// TestDownloadNamedByType: a download's name ends in its content type's
// extension, whatever name the file was given.
func TestDownloadNamedByType(t *testing.T) {
	for _, tt := range []struct{ typ, name, want string }{
		{"image/png", "pay-stub.html", "attachment; filename=pay-stub.png; filename*=UTF-8''pay-stub.png"},
		{"application/pdf", "notice.svg", "attachment; filename=notice.pdf; filename*=UTF-8''notice.pdf"},
		{"image/jpeg", "scan.JPEG", "attachment; filename=scan.JPEG; filename*=UTF-8''scan.JPEG"},
	} {
		rec := httptest.NewRecorder()
		Download(testrig.Logger(nil), rec, httptest.NewRequest("GET", "/x", nil), tt.typ, tt.name, 1, strings.NewReader("x"))
		if got := rec.Header().Get("Content-Disposition"); got != tt.want {
			t.Errorf("%s as %s: Content-Disposition = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}
