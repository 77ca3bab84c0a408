package worker

import "net/http"

// messageAuditShow shows who did what to a record and its uploads (R11).
func (h *Handler) messageAuditShow(w http.ResponseWriter, r *http.Request, p *view) error {
	m, trail, err := h.svc.MessageAudit(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Title = "Audit trail of e-Message " + m.Subject
	p.Data = &auditPage{Heading: "Audit trail: " + m.Subject, BackURL: "/worker/messages/" + m.ID,
		Back: "Back to the e-Message", Trail: trail}
	h.render(w, r, http.StatusOK, "audit", p)
	return nil
}
