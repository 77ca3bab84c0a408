package emessage

import "context"

// MaxCaseAudit is how many entries of a case's audit trail are shown.
const MaxCaseAudit = 500

// MessageAudit returns the audit trail of a record of the worker's county
// and its uploads (R11), oldest first. Reading it is audited too.
func (s *Service) MessageAudit(ctx context.Context, a Actor, id string) (*Message, []AuditEntry, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, nil, err
	}
	m, err := s.workerMessage(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Store.AppendAudit(ctx, audit(a, s.now(), "audit.view", "message", m.ID, "")); err != nil {
		return nil, nil, err
	}
	trail, err := s.Store.MessageAudit(ctx, m.ID)
	return m, trail, err
}

// CaseAudit returns the audit trail of the records of a case of the
// worker's county, newest first, at most MaxCaseAudit entries.
func (s *Service) CaseAudit(ctx context.Context, a Actor, number string) (*Case, []AuditEntry, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, nil, err
	}
	c, err := s.workerCase(ctx, a, number)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Store.AppendAudit(ctx, audit(a, s.now(), "audit.view", "case", c.Number, "")); err != nil {
		return nil, nil, err
	}
	trail, err := s.Store.CaseAudit(ctx, c.ID, MaxCaseAudit)
	return c, trail, err
}
