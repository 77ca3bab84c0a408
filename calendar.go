package emessage

import (
	"slices"
	"time"
)

// businessDay reports whether t's day is a business day: Monday to Friday,
// and not one of holidays (a county's days off, YYYY-MM-DD, sorted).
func businessDay(t time.Time, holidays []string) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, off := slices.BinarySearch(holidays, t.Format(time.DateOnly))
	return !off
}

// SubtractBusinessDays steps back n business days from t, skipping weekends
// and holidays (sorted YYYY-MM-DD), keeping the time of day. A received
// message created before the result is past its county's response window.
func SubtractBusinessDays(t time.Time, n int, holidays []string) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, -1)
		if businessDay(t, holidays) {
			n--
		}
	}
	return t
}

// AddBusinessDays steps forward n business days from t, skipping weekends
// and holidays (sorted YYYY-MM-DD), keeping the time of day.
func AddBusinessDays(t time.Time, n int, holidays []string) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if businessDay(t, holidays) {
			n--
		}
	}
	return t
}

// CutoffsAt returns the overdue cutoffs at now for a county's response
// window and holidays (sorted YYYY-MM-DD), counted in loc.
func CutoffsAt(now time.Time, loc *time.Location, responseDays int, holidays []string) Cutoffs {
	if responseDays <= 0 {
		responseDays = DefaultResponseBusinessDays
	}
	local := now.In(loc)
	return Cutoffs{
		ResponseBefore: SubtractBusinessDays(local, responseDays, holidays),
		Today:          local.Format(time.DateOnly),
	}
}

// Overdue reports whether a record is past its response window or due date.
func (c Cutoffs) Overdue(m *Message) bool {
	switch m.Status {
	case StatusReceived, StatusRead:
		return m.CreatedAt.Before(c.ResponseBefore)
	case StatusNewAction:
		return m.DueDate != "" && m.DueDate < c.Today
	}
	return false
}
