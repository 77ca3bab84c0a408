package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// messageAuditGet answers a record's audit trail, oldest first.
func (h *Handler) messageAuditGet(w http.ResponseWriter, r *http.Request) error {
	_, trail, err := h.svc.MessageAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, auditToJSON(trail))
	return nil
}
