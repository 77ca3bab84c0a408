package web

import (
	"bytes"
	"net/http"

	"github.com/county/emessage"
)

// apiSSPDocumentGet streams the form of a View Document action; the service
// completes the action.
func (s *server) apiSSPDocumentGet(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.svc.CustomerDocument(r.Context(), actorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.serveDownload(w, r, emessage.TypePDF, doc.Code+".pdf", int64(len(doc.PDF)), bytes.NewReader(doc.PDF))
	return nil
}
