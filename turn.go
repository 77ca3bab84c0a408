package emessage

import (
	"context"
	"time"
)

// Whose turn it is, and who has seen it (SPEC 22): a team answering one
// customer needs to know whether the county owes the next word, and which
// workers already opened the customer's record, so that nobody answers
// twice.

// Party is who a record waits on.
type Party string

// The parties a record may wait on.
const (
	WaitingOnCounty   Party = "county"
	WaitingOnCustomer Party = "customer"
)

// WaitingOn is who owes the record's next step: the county for a
// customer's record not yet answered or an action completed and not yet
// closed, the customer for a worker's message, an answer given or an open
// action (one scheduled for later too: the pages say when it goes out);
// "" for a closed action, or a record cancelled before it was sent, which
// wait on nobody.
func (m *Message) WaitingOn() Party {
	if m.Cancelled {
		return ""
	}
	switch m.Status {
	case StatusReceived, StatusRead, StatusActionCompleted:
		return WaitingOnCounty
	case StatusSent, StatusNewAction, StatusReplied:
		return WaitingOnCustomer
	}
	return ""
}

// ResponseDue is the day (YYYY-MM-DD, in the county's zone) by which the
// county should answer a customer's record that waits on it: the end of
// the county's response window. "" when no answer is owed.
func (s *Service) ResponseDue(m *Message) string {
	if m.Status != StatusReceived && m.Status != StatusRead {
		return ""
	}
	days := m.ResponseDays
	if days <= 0 {
		days = DefaultResponseBusinessDays
	}
	return AddBusinessDays(m.CreatedAt.In(s.Location), days, m.Holidays).Format(time.DateOnly)
}

// Seen is a worker's first opening of a customer's record, from the audit
// trail.
type Seen struct {
	Username, Name string
	At             time.Time
}

// SeenStore reads who opened which records.
type SeenStore interface {
	// SeenBy returns, for each of the records, the workers who opened it
	// (a message.view audit entry), each with their first opening, oldest
	// first.
	SeenBy(ctx context.Context, messageIDs []string) (map[string][]Seen, error)
}

// fillSeenBy sets SeenBy on the customer's records among msgs, with one
// read of the audit trail.
func (s *Service) fillSeenBy(ctx context.Context, msgs ...*Message) error {
	var ids []string
	for _, m := range msgs {
		if m.Direction == FromCustomer {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	seen, err := s.Store.SeenBy(ctx, ids)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if m.Direction == FromCustomer {
			m.SeenBy = append([]Seen{}, seen[m.ID]...)
		}
	}
	return nil
}
