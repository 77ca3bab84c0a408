package answer

import (
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// Download streams a file as an attachment with its exact bytes, named
// with the extension of its content type (emessage.UploadName), never
// sniffed. Failures once the answer has begun are only logged.
func Download(log *slog.Logger, w http.ResponseWriter, r *http.Request, contentType, filename string, size int64, body io.Reader) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", Disposition("attachment", emessage.UploadName(filename, contentType)))
	h.Set("X-Content-Type-Options", "nosniff")
	if size >= 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(w, body); err != nil {
		log.WarnContext(r.Context(), "download cut short", "route", r.Pattern, "err", err)
	}
}

// Disposition names a download safely, as kind "attachment" (saved) or
// "inline" (shown in the browser, as the portal's forms are): a plain ASCII
// filename for every client, and the real name in filename* (RFC 6266,
// RFC 5987) for those that read it. Paths, quotes, control and direction
// characters never reach the header.
func Disposition(kind, name string) string {
	name = emessage.CleanFileName(name)
	v := mime.FormatMediaType(kind, map[string]string{"filename": asciiFilename(name)})
	return v + "; filename*=UTF-8''" + encodeRFC5987(name)
}

// asciiFilename replaces every character that is not plain, harmless ASCII with "_".
func asciiFilename(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" ._-()+,=[]{}!#$&'@^~", r):
			return r
		}
		return '_'
	}, name)
}

// encodeRFC5987 percent-encodes a UTF-8 value for an ext-value such as filename*.
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
