package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// caseAuditGet answers the audit trail of a case's records, newest first.
func (h *Handler) caseAuditGet(w http.ResponseWriter, r *http.Request) error {
	_, trail, err := h.svc.CaseAudit(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, auditToJSON(trail))
	return nil
}
