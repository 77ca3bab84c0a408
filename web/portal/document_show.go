package web

import (
	"net/http"
	"strconv"

	"github.com/county/emessage"
)

// portalDocument serves the form of a View Document action, shown in the
// browser (or saved, with ?download=1); the service completes the action.
// The name is the form's code, never anything a user typed.
func (s *server) portalDocument(w http.ResponseWriter, r *http.Request, p *page) error {
	doc, err := s.svc.CustomerDocument(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	kind := "inline"
	if r.URL.Query().Get("download") != "" {
		kind = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", emessage.TypePDF)
	h.Set("Content-Disposition", disposition(kind, doc.Code+".pdf"))
	h.Set("Content-Length", strconv.Itoa(len(doc.PDF)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(doc.PDF)
	}
	return nil
}
