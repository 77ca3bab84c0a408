package worker

import "net/http"

// caseAuditShow shows who did what to the records of a case, newest first.
func (h *Handler) caseAuditShow(w http.ResponseWriter, r *http.Request, p *view) error {
	c, trail, err := h.svc.CaseAudit(r.Context(), p.Actor, r.PathValue("number"))
	if err != nil {
		return err
	}
	p.Title = "Audit trail of case " + c.Number
	p.Data = &auditPage{Heading: "Audit trail: case " + c.Number, BackURL: "/worker/cases/" + c.Number,
		Back: "Back to the Case Summary", Trail: trail}
	h.render(w, r, http.StatusOK, "audit", p)
	return nil
}
