package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// documentsList answers the forms that may go with a View Document action:
// with ?case_number=, that case's own documents first (SPEC 14).
func (h *Handler) documentsList(w http.ResponseWriter, r *http.Request) error {
	docs, err := h.svc.SendableDocuments(r.Context(), actor(r), r.URL.Query().Get("case_number"))
	if err != nil {
		return err
	}
	out := make([]documentItemJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, documentItemJSON{Code: d.Code, Title: d.Title, CaseNumber: d.CaseNumber, PersonID: d.PersonID})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}

// documentItemJSON is a document of the list: a case's own names its case,
// and its person when it is for one person alone.
type documentItemJSON struct {
	Code       string `json:"code"`
	Title      string `json:"title"`
	CaseNumber string `json:"case_number,omitempty"`
	PersonID   string `json:"person_id,omitempty"`
}
