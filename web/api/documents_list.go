package web

import "net/http"

// apiDocumentsList answers the forms that may go with a View Document action.
func (s *server) apiDocumentsList(w http.ResponseWriter, r *http.Request) error {
	docs, err := s.svc.SendableDocuments(r.Context(), actorFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]documentJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, documentJSON{Code: d.Code, Title: d.Title})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
