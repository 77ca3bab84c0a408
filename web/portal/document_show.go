package portal

import (
	"net/http"
	"strconv"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// documentShow serves the form of a View Document action, shown in the
// browser (or saved, with ?download=1); the service completes the action.
// The name is the form's code, never anything a user typed.
func (h *Handler) documentShow(w http.ResponseWriter, r *http.Request, p *view) error {
	doc, err := h.svc.CustomerDocument(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	kind := "inline"
	if r.URL.Query().Get("download") != "" {
		kind = "attachment"
	}
	hd := w.Header()
	hd.Set("Content-Type", emessage.TypePDF)
	hd.Set("Content-Disposition", answer.Disposition(kind, doc.Code+".pdf"))
	hd.Set("Content-Length", strconv.Itoa(len(doc.PDF)))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(doc.PDF)
	}
	return nil
}
