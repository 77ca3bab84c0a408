package web

import (
	"net/http"

	"github.com/county/emessage"
)

// auditPage is the data of an audit trail page: of one record or of a case.
type auditPage struct {
	Heading string
	BackURL string
	Back    string
	Trail   []emessage.AuditEntry
}

// workerMessageAuditGet shows who did what to a record and its uploads (R11).
func (s *server) workerMessageAuditGet(w http.ResponseWriter, r *http.Request, p *page) error {
	m, trail, err := s.svc.MessageAudit(r.Context(), p.Actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Title = "Audit trail of e-Message " + m.Subject
	p.Data = &auditPage{Heading: "Audit trail: " + m.Subject, BackURL: "/worker/messages/" + m.ID,
		Back: "Back to the e-Message", Trail: trail}
	s.render(w, r, http.StatusOK, "worker_audit", p)
	return nil
}

// workerCaseAuditGet shows who did what to the records of a case, newest first.
func (s *server) workerCaseAuditGet(w http.ResponseWriter, r *http.Request, p *page) error {
	c, trail, err := s.svc.CaseAudit(r.Context(), p.Actor, r.PathValue("number"))
	if err != nil {
		return err
	}
	p.Title = "Audit trail of case " + c.Number
	p.Data = &auditPage{Heading: "Audit trail: case " + c.Number, BackURL: "/worker/cases/" + c.Number,
		Back: "Back to the Case Summary", Trail: trail}
	s.render(w, r, http.StatusOK, "worker_audit", p)
	return nil
}

// auditActions names the audited actions for people.
var auditActions = map[string]string{
	"message.create":  "Created",
	"message.view":    "Opened",
	"message.preview": "Previewed as the customer sees it",
	"message.status":  "Changed the status",
	"upload.create":   "Uploaded a document",
	"upload.download": "Downloaded a document",
	"document.view":   "Opened the form",
	"audit.view":      "Read the audit trail",
}

// AuditAction names an audited action, or returns its code.
func (a *auditPage) AuditAction(code string) string {
	if n, ok := auditActions[code]; ok {
		return n
	}
	return code
}
