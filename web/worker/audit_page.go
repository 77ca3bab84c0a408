package worker

import (
	"github.com/county/emessage"
)

// auditPage is the data of an audit trail page: of one record or of a case.
type auditPage struct {
	Heading string
	BackURL string
	Back    string
	Trail   []emessage.AuditEntry
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
