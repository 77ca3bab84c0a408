package emessage

import "time"

// SubtractBusinessDays steps back n business days (Monday-Friday) from t,
// keeping the time of day. A received message created before the result is
// past its county's response window.
func SubtractBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, -1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

// AddBusinessDays steps forward n business days from t, keeping the time of day.
func AddBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

// CutoffsAt returns the overdue cutoffs at now for a county's response window, in loc.
func CutoffsAt(now time.Time, loc *time.Location, responseDays int) Cutoffs {
	if responseDays <= 0 {
		responseDays = DefaultResponseBusinessDays
	}
	local := now.In(loc)
	return Cutoffs{
		ResponseBefore: SubtractBusinessDays(local, responseDays),
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
