package emessage

import (
	"testing"
	"time"
)

func TestWaitingOn(t *testing.T) {
	want := map[Status]Party{
		StatusReceived: WaitingOnCounty, StatusRead: WaitingOnCounty, StatusActionCompleted: WaitingOnCounty,
		StatusSent: WaitingOnCustomer, StatusNewAction: WaitingOnCustomer, StatusReplied: WaitingOnCustomer,
		StatusActionClosed: "",
	}
	for _, st := range Statuses {
		if got := (&Message{Status: st}).WaitingOn(); got != want[st] {
			t.Errorf("%s waits on %q, want %q", st, got, want[st])
		}
	}
}

// TestResponseDue: a customer's record is due the county's response window
// in business days after it came, weekends and holidays left out.
func TestResponseDue(t *testing.T) {
	loc, _ := time.LoadLocation("America/Los_Angeles")
	s := &Service{Location: loc}
	wed := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC) // Wednesday 10:00 in California
	m := &Message{Status: StatusReceived, CreatedAt: wed, ResponseDays: 2, Holidays: []string{"2026-11-26", "2026-11-27"}}
	if got := s.ResponseDue(m); got != "2026-12-01" {
		t.Errorf("due %s, want 2026-12-01 (Thanksgiving, the day after and the weekend left out)", got)
	}
	m.Status = StatusReplied
	if got := s.ResponseDue(m); got != "" {
		t.Errorf("an answered record is due %q", got)
	}
}
