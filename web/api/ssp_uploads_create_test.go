package api

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/county/emessage"
)

type testPart struct {
	field, filename string
	data            []byte
}

func multipartBody(tb testing.TB, parts ...testPart) (string, *bytes.Buffer) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		w, err := mw.CreateFormFile(p.field, p.filename)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	return mw.FormDataContentType(), &buf
}

func TestReadUploadFiles(t *testing.T) {
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	file := func(name string, data []byte) testPart { return testPart{"file", name, data} }
	tests := []struct {
		name      string
		parts     []testPart
		wantCode  string
		wantFiles int
	}{
		{"none", nil, "", 0},
		{"one", []testPart{file("a.pdf", pdf)}, "", 1},
		{"five", []testPart{file("1", pdf), file("2", pdf), file("3", pdf), file("4", pdf), file("5", pdf)}, "", 5},
		{"six", []testPart{file("1", pdf), file("2", pdf), file("3", pdf), file("4", pdf), file("5", pdf), file("6", pdf)}, emessage.ETooManyFiles, 0},
		{"exactly 10 MiB", []testPart{file("big.pdf", make([]byte, emessage.MaxUploadSize))}, "", 1},
		{"over 10 MiB", []testPart{file("big.pdf", make([]byte, emessage.MaxUploadSize+1))}, emessage.ETooLarge, 0},
		{"other field", []testPart{{"document", "a.pdf", pdf}}, emessage.EMalformed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := multipartBody(t, tt.parts...)
			req := httptest.NewRequest("POST", "/api/v1/ssp/messages/x/uploads", body)
			req.Header.Set("Content-Type", ct)
			files, err := readUploadFiles(httptest.NewRecorder(), req)
			if got := emessage.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.wantCode)
			}
			if len(files) != tt.wantFiles {
				t.Errorf("%d files, want %d", len(files), tt.wantFiles)
			}
			if tt.wantFiles > 0 && (!bytes.Equal(files[0].Data, tt.parts[0].data) || files[0].Name != tt.parts[0].filename) {
				t.Errorf("file 0 = %q (%d bytes), want the bytes sent", files[0].Name, len(files[0].Data))
			}
		})
	}
}

func TestReadUploadFilesRefusesOtherBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body, wantCode string
	}{
		{"json", "application/json", `{"file":"x"}`, emessage.EUnsupportedType},
		{"none", "", `x`, emessage.EUnsupportedType},
		{"no boundary", "multipart/form-data", `x`, emessage.EMalformed},
		{"cut short", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc", emessage.EMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			_, err := readUploadFiles(httptest.NewRecorder(), req)
			if got := emessage.ErrorCode(err); got != tt.wantCode {
				t.Errorf("code = %q (%v), want %q", got, err, tt.wantCode)
			}
		})
	}
}

func TestReadUploadFilesWholeBodyLimit(t *testing.T) {
	// A body over the whole limit is refused as too large, whatever its parts.
	big := make([]byte, emessage.MaxUploadSize)
	parts := make([]testPart, 0, 6)
	for range 5 {
		parts = append(parts, testPart{"file", "a.pdf", big})
	}
	parts = append(parts, testPart{"file", "b.pdf", make([]byte, 2<<20)})
	ct, body := multipartBody(t, parts...)
	req := httptest.NewRequest("POST", "/x", body)
	req.Header.Set("Content-Type", ct)
	_, err := readUploadFiles(httptest.NewRecorder(), req)
	if code := emessage.ErrorCode(err); code != emessage.ETooLarge && code != emessage.ETooManyFiles {
		t.Errorf("code = %q (%v), want too_large or too_many_files", code, err)
	}
}
