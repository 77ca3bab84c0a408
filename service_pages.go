package emessage

import (
	"context"
	"strings"
)

// This file holds what the worker pages need beyond the API: the case search
// behind the Select button, the customer's view behind the View button, the
// worker's county, and which buttons a record offers. The rules stay here so
// that the pages hold none.

// CaseSearch is what a worker looks for with the Select button.
type CaseSearch struct {
	Text  string
	Scope string // "mine" or "county" (default: county, where any case may be messaged)
	Limit int    // default 50, at most 200
}

// SearchCases lists cases of the worker's county (R2) by number, with their
// programs and persons, for the worker to pick one.
func (s *Service) SearchCases(ctx context.Context, a Actor, f CaseSearch) ([]*Case, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	q := CaseQuery{County: a.County, Text: strings.TrimSpace(f.Text), Limit: f.Limit}
	switch f.Scope {
	case "", "county":
	case "mine":
		q.WorkerID = a.ID
	default:
		return nil, FieldError(EInvalid, "scope", "Cases must be My caseload (mine) or All of my county (county).")
	}
	switch {
	case q.Limit == 0:
		q.Limit = 50
	case q.Limit < 1 || q.Limit > 200:
		return nil, FieldError(EInvalid, "limit", "limit must be from 1 to 200")
	}
	if n := len([]rune(q.Text)); n > 100 {
		return nil, FieldError(EInvalid, "q", "Search for at most 100 characters.")
	}
	return s.Store.SearchCases(ctx, q)
}

// RequireRight refuses a worker without right (R1) with the service's
// explanation, for the pages that offer nothing else to such a worker.
func (s *Service) RequireRight(a Actor, right string) error { return requireWorker(a, right) }

// WorkerCounty returns the signed-in worker's county: its name for the page
// header, and whether it takes actions (R4: the pages hide them otherwise).
func (s *Service) WorkerCounty(ctx context.Context, a Actor) (*County, error) {
	if !a.IsWorker() {
		return nil, Errorf(EForbidden, "This is for county workers only.")
	}
	return s.Store.County(ctx, a.County)
}

// MessageRights says what a worker may do next with one record: which
// buttons its Detail page offers. The service checks each again when asked.
type MessageRights struct {
	// Answer: Edit to answer a customer's received or read record (-> Replied).
	Answer bool
	// Close: Edit to set Action Closed (from New Action or Action Completed).
	Close bool
	// NewAction: start a new Action Request for the same person, as the job
	// aid asks when a customer's answer to an action is incomplete: only once
	// the customer has answered it (MessageDetail.CustomerAnswered).
	NewAction bool
	// Cancel: Cancel sending a record scheduled for later (SPEC 22).
	Cancel bool
}

// Edit reports whether the record offers the Edit button at all.
func (r MessageRights) Edit() bool { return r.Answer || r.Close }

// MessageRights returns what a may do with the record of d (R1, R4 and the
// status machine).
func (s *Service) MessageRights(a Actor, d *MessageDetail) MessageRights {
	m := d.Message
	if !a.Can(RightSend) || m.County != a.County {
		return MessageRights{}
	}
	if m.Scheduled {
		return MessageRights{Cancel: !m.Archived}
	}
	return MessageRights{
		Answer:    m.Status.CanMove(StatusReplied),
		Close:     m.IsAction() && m.Status.CanMove(StatusActionClosed),
		NewAction: m.TwoWay && d.CustomerAnswered(),
	}
}

// CustomerView is a record as its customer sees it in the portal.
type CustomerView struct {
	*MessageDetail
	// Language is the customer's language (R8), which the portal speaks.
	Language string
}

// PreviewMessage returns a record of the worker's county as its customer sees
// it, for the View button. It changes nothing on the record: a received
// record stays received and the customer's read receipt is not set. The
// view is audited (R11).
func (s *Service) PreviewMessage(ctx context.Context, a Actor, id string) (*CustomerView, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	m, err := s.workerMessage(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.Store.AppendAudit(ctx, audit(a, s.now(), "message.preview", "message", m.ID, "")); err != nil {
		return nil, err
	}
	d, err := s.detail(ctx, m)
	if err != nil {
		return nil, err
	}
	v := &CustomerView{MessageDetail: d, Language: "en"}
	lang, err := s.customerLanguage(ctx, m)
	if err != nil {
		return nil, err
	}
	if lang != "" {
		v.Language = lang
	}
	return v, nil
}

// CustomerLanguage returns the language of the SSP account a record of the
// worker's county is addressed to or came from, which the Detail page
// names (SPEC 18); "" when the person has no account.
func (s *Service) CustomerLanguage(ctx context.Context, a Actor, m *Message) (string, error) {
	if err := requireWorker(a, RightView); err != nil {
		return "", err
	}
	if m.County != a.County {
		return "", Errorf(ENotFound, "There is no such e-Message.")
	}
	return s.customerLanguage(ctx, m)
}

func (s *Service) customerLanguage(ctx context.Context, m *Message) (string, error) {
	if m.AccountID == 0 {
		return "", nil
	}
	acct, err := s.Store.Account(ctx, m.AccountID)
	if ErrorCode(err) == ENotFound {
		return "", nil
	}
	if err != nil || !ValidLanguage(acct.Language) {
		return "", err
	}
	return acct.Language, nil
}
