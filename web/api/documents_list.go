package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// documentsList answers the forms that may go with a View Document action.
func (h *Handler) documentsList(w http.ResponseWriter, r *http.Request) error {
	docs, err := h.svc.SendableDocuments(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]documentJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, documentJSON{Code: d.Code, Title: d.Title})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}
