package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// caseExport downloads the case file export of a case, or of one thread
// of it (?thread=ID), for the buttons of the Case Summary and Detail
// pages: the API's PDF, for the worker's session (audited by the service).
func (h *Handler) caseExport(w http.ResponseWriter, r *http.Request, p *view) error {
	f, err := h.svc.ExportCase(r.Context(), p.Actor, r.PathValue("number"), r.URL.Query().Get("thread"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	answer.CaseFile(w, r, f)
	return nil
}
