package emessage

import "context"

// This file holds what the customer portal's pages need beyond the API: the
// cases a customer may write about, a record's status in the customer's
// words, and what the message page offers. The rules stay here so that the
// pages hold none.

// CustomerCase is a case the customer's account is linked to.
type CustomerCase struct {
	Number     string
	PersonName string
	County     County
	Open       bool // active or pending (R3)
	// Writable: the customer may write to the county about this case: an
	// open case of a county with Two Way Messaging (R3, R4).
	Writable bool
	// Programs are the codes of the programs of a writable case, in the
	// case's order, for "What is your message about?" (SPEC section 11).
	Programs []string
}

// CustomerCases lists the cases of the persons linked to the account, one
// entry a case, in case number order.
func (s *Service) CustomerCases(ctx context.Context, a Actor) ([]CustomerCase, error) {
	if err := requireCustomer(a); err != nil {
		return nil, err
	}
	persons, err := s.Store.AccountPersons(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	var out []CustomerCase
	seen := map[string]bool{}
	for _, p := range persons {
		if seen[p.CaseNumber] {
			continue
		}
		seen[p.CaseNumber] = true
		open := p.CaseStatus.Open()
		cc := CustomerCase{
			Number: p.CaseNumber, PersonName: p.Person.Name, County: p.County,
			Open: open, Writable: open && p.County.TwoWay,
		}
		if cc.Writable {
			c, err := s.Store.Case(ctx, p.CaseNumber)
			if err != nil {
				return nil, err
			}
			for _, pr := range c.Programs {
				cc.Programs = append(cc.Programs, pr.Code)
			}
		}
		out = append(out, cc)
	}
	return out, nil
}

// CustomerStatus is where a record stands in the customer's words.
type CustomerStatus string

// The customer's statuses.
const (
	CustomerNew          CustomerStatus = "new"           // from the county, not opened yet
	CustomerRead         CustomerStatus = "read"          // from the county, opened
	CustomerActionNeeded CustomerStatus = "action_needed" // an action waiting for the customer
	CustomerDone         CustomerStatus = "done"          // the customer completed the action
	CustomerClosed       CustomerStatus = "closed"        // the county closed the action
	CustomerWaiting      CustomerStatus = "waiting"       // the customer's message, not answered yet
	CustomerAnswered     CustomerStatus = "answered"      // the customer's message, answered
)

// CustomerStatuses lists the customer's statuses, each of which the
// portal names in every language.
var CustomerStatuses = []CustomerStatus{CustomerNew, CustomerRead, CustomerActionNeeded, CustomerDone,
	CustomerClosed, CustomerWaiting, CustomerAnswered}

// CustomerStatusOf says where a record stands for its customer: the status
// machine of SPEC section 3 seen from the portal.
func CustomerStatusOf(m *Message) CustomerStatus {
	switch m.Status {
	case StatusNewAction:
		return CustomerActionNeeded
	case StatusActionCompleted:
		return CustomerDone
	case StatusActionClosed:
		return CustomerClosed
	case StatusReceived, StatusRead:
		return CustomerWaiting
	case StatusReplied:
		return CustomerAnswered
	}
	if UnreadByCustomer(m) {
		return CustomerNew
	}
	return CustomerRead
}

// UnreadByCustomer reports whether a record for the customer has not been
// opened yet (it has no read receipt).
func UnreadByCustomer(m *Message) bool { return m.Direction == ToCustomer && m.ViewedAt == nil }

// CustomerOffer is what the portal's message page offers for a record. The
// service checks again when the customer uses it.
type CustomerOffer struct {
	CountyName string
	// Answer: the answer box (a two-way county, an open case).
	Answer bool
	// NoAnswer says why there is no answer box: ETwoWayDisabled or
	// ECaseDiscontinued ("" when there is one).
	NoAnswer string
	// Upload: an Upload Document action still taking documents, and how
	// many more it takes.
	Upload      bool
	UploadsLeft int
	// ViewDocument: a View Document action with its form to open.
	ViewDocument bool
}

// CustomerOffer returns what the message page offers for m, a record the
// caller was allowed to see (through CustomerMessage, or PreviewMessage for
// the worker's View).
func (s *Service) CustomerOffer(ctx context.Context, m *Message) (*CustomerOffer, error) {
	county, err := s.Store.County(ctx, m.County)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.Case(ctx, m.CaseNumber)
	if err != nil {
		return nil, err
	}
	o := &CustomerOffer{CountyName: county.Name}
	switch {
	case !m.TwoWay:
		o.NoAnswer = ETwoWayDisabled
	case !c.Status.Open():
		o.NoAnswer = ECaseDiscontinued
	default:
		o.Answer = true
	}
	if m.ActionType == ActionUploadDocument && (m.Status == StatusNewAction || m.Status == StatusActionCompleted) {
		o.UploadsLeft = max(0, MaxUploadsPerItem-m.UploadCount)
		o.Upload = o.UploadsLeft > 0
	}
	o.ViewDocument = m.ActionType == ActionViewDocument && m.Document != nil
	return o, nil
}
