package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// caseExportGet answers the case file export of a case of the worker's
// county as a PDF, or of one thread of it with ?thread=ID (SPEC 21).
func (h *Handler) caseExportGet(w http.ResponseWriter, r *http.Request) error {
	f, err := h.svc.ExportCase(r.Context(), actor(r), r.PathValue("number"), r.URL.Query().Get("thread"))
	if err != nil {
		return err
	}
	answer.CaseFile(w, r, f)
	return nil
}
