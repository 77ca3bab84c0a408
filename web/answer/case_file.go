package answer

import (
	"net/http"
	"strconv"

	"github.com/county/emessage"
)

// CaseFile sends a case file export (SPEC 21) as a PDF attachment, kept
// by no cache: it holds a case's whole correspondence.
func CaseFile(w http.ResponseWriter, r *http.Request, f *emessage.CaseFile) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	// The name is the case number's letters and digits (emessage.exportName):
	// plain ASCII, quoted as RFC 6266 shows it.
	h.Set("Content-Disposition", `attachment; filename="`+asciiFilename(f.Name)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(f.PDF)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(f.PDF)
	}
}
