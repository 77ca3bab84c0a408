package emessage

import (
	"testing"
	"time"
)

func TestBusinessDays(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	thanksgiving := []string{"2026-11-26", "2026-11-27"}
	tests := []struct {
		from     string
		n        int
		holidays []string
		back     string
		fwd      string
	}{
		{"2026-11-25 10:00", 2, nil, "2026-11-23 10:00", "2026-11-27 10:00"}, // Wednesday
		{"2026-11-30 10:00", 2, nil, "2026-11-26 10:00", "2026-12-02 10:00"}, // Monday
		{"2026-11-27 09:00", 1, nil, "2026-11-26 09:00", "2026-11-30 09:00"}, // Friday
		{"2026-11-28 09:00", 2, nil, "2026-11-26 09:00", "2026-12-01 09:00"}, // Saturday
		{"2026-11-25 10:00", 0, nil, "2026-11-25 10:00", "2026-11-25 10:00"},
		// Thanksgiving Thursday and Friday are no business days.
		{"2026-11-25 10:00", 2, thanksgiving, "2026-11-23 10:00", "2026-12-01 10:00"},
		{"2026-11-30 10:00", 2, thanksgiving, "2026-11-24 10:00", "2026-12-02 10:00"},
		{"2026-11-26 09:00", 1, thanksgiving, "2026-11-25 09:00", "2026-11-30 09:00"},
	}
	for _, tt := range tests {
		if got := SubtractBusinessDays(day(tt.from), tt.n, tt.holidays); !got.Equal(day(tt.back)) {
			t.Errorf("SubtractBusinessDays(%s, %d, %v) = %s, want %s", tt.from, tt.n, tt.holidays, got, tt.back)
		}
		if got := AddBusinessDays(day(tt.from), tt.n, tt.holidays); !got.Equal(day(tt.fwd)) {
			t.Errorf("AddBusinessDays(%s, %d, %v) = %s, want %s", tt.from, tt.n, tt.holidays, got, tt.fwd)
		}
	}
}

func TestCutoffsOverdue(t *testing.T) {
	now := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC) // Monday
	c := CutoffsAt(now, time.UTC, 2, nil)
	tests := []struct {
		name string
		m    Message
		want bool
	}{
		{"received within window", Message{Status: StatusReceived, CreatedAt: now.AddDate(0, 0, -3)}, false}, // Friday
		{"received past window", Message{Status: StatusReceived, CreatedAt: now.AddDate(0, 0, -5)}, true},    // Wednesday
		{"read past window", Message{Status: StatusRead, CreatedAt: now.AddDate(0, 0, -6)}, true},
		{"replied is never overdue", Message{Status: StatusReplied, CreatedAt: now.AddDate(0, 0, -30)}, false},
		{"action due yesterday", Message{Status: StatusNewAction, DueDate: "2026-11-29"}, true},
		{"action due today", Message{Status: StatusNewAction, DueDate: "2026-11-30"}, false},
		{"completed action", Message{Status: StatusActionCompleted, DueDate: "2026-11-01"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Overdue(&tt.m); got != tt.want {
				t.Fatalf("Overdue = %v, want %v", got, tt.want)
			}
		})
	}
}
