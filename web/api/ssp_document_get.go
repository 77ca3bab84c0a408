package api

import (
	"bytes"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// sspDocumentGet streams the form of a View Document action; the service
// completes the action. The API is reached only with a bearer token, which
// no other web site can make a browser send, so every request is the
// customer's own.
func (h *Handler) sspDocumentGet(w http.ResponseWriter, r *http.Request) error {
	doc, _, err := h.svc.CustomerDocument(r.Context(), actor(r), r.PathValue("id"), true)
	if err != nil {
		return err
	}
	answer.Download(h.log, w, r, emessage.TypePDF, doc.Code+".pdf", int64(len(doc.PDF)), bytes.NewReader(doc.PDF))
	return nil
}
