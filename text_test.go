package emessage

import (
	"testing"
	"time"
)

func TestTextFolds(t *testing.T) {
	now := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(-d); return &x }
	tests := []struct {
		name string
		prev Text
		want bool
	}{
		{"pending, held for the night", Text{State: TextPending}, true},
		{"sent a minute ago", Text{State: TextSent, SentAt: at(time.Minute)}, true},
		{"sent just inside the window", Text{State: TextSent, SentAt: at(FoldWindow - time.Second)}, true},
		{"sent exactly the window ago", Text{State: TextSent, SentAt: at(FoldWindow)}, false},
		{"sent an hour ago", Text{State: TextSent, SentAt: at(time.Hour)}, false},
		{"failed", Text{State: TextFailed}, false},
		{"none", Text{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TextFolds(tt.prev, now); got != tt.want {
				t.Errorf("TextFolds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTextAllowedAt(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	local := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, la) }
	tests := []struct {
		name     string
		at, want time.Time
	}{
		{"the afternoon goes at once", local(2026, 11, 2, 15, 4), local(2026, 11, 2, 15, 4)},
		{"08:00 sharp goes", local(2026, 11, 2, 8, 0), local(2026, 11, 2, 8, 0)},
		{"20:59 goes", local(2026, 11, 2, 20, 59), local(2026, 11, 2, 20, 59)},
		{"21:00 waits for the morning", local(2026, 11, 2, 21, 0), local(2026, 11, 3, 8, 0)},
		{"23:30 waits for the morning", local(2026, 11, 2, 23, 30), local(2026, 11, 3, 8, 0)},
		{"after midnight waits for the same morning", local(2026, 11, 3, 0, 15), local(2026, 11, 3, 8, 0)},
		{"07:59 waits a minute", local(2026, 11, 3, 7, 59), local(2026, 11, 3, 8, 0)},
		{"the last night of the month", local(2026, 12, 31, 22, 0), local(2027, 1, 1, 8, 0)},
		// Daylight saving time begins at 02:00 on 8 March 2026: the night
		// is an hour shorter, and still ends at 08:00 on the wall clock.
		{"the night clocks go forward", local(2026, 3, 7, 22, 0), local(2026, 3, 8, 8, 0)},
		{"inside the skipped hour", time.Date(2026, 3, 8, 10, 30, 0, 0, time.UTC), local(2026, 3, 8, 8, 0)},
		// It ends at 02:00 on 1 November 2026: the night is an hour longer.
		{"the night clocks go back", local(2026, 10, 31, 21, 30), local(2026, 11, 1, 8, 0)},
		{"the repeated hour, second time", time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC), local(2026, 11, 1, 8, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TextAllowedAt(tt.at, la)
			if !got.Equal(tt.want) {
				t.Errorf("TextAllowedAt(%s) = %s, want %s", tt.at.In(la), got.In(la), tt.want)
			}
			if h := got.In(la).Hour(); h < QuietUntil || h >= QuietFrom {
				t.Errorf("allowed at %s, in quiet hours", got.In(la))
			}
		})
	}
	// The morning after 23:00 on the night clocks go forward is eight
	// hours away, not nine.
	if d := TextAllowedAt(local(2026, 3, 7, 23, 0), la).Sub(local(2026, 3, 7, 23, 0)); d != 8*time.Hour {
		t.Errorf("the short night lasts %s, want 8h", d)
	}
	if d := TextAllowedAt(local(2026, 10, 31, 23, 0), la).Sub(local(2026, 10, 31, 23, 0)); d != 10*time.Hour {
		t.Errorf("the long night lasts %s, want 10h", d)
	}
}

func TestParseTextKeyword(t *testing.T) {
	tests := []struct {
		body string
		want TextKeyword
	}{
		{"STOP", TextStop},
		{" stop\n", TextStop},
		{"Stop.", TextStop},
		{"stopall", TextStop},
		{"Unsubscribe", TextStop},
		{"cancel", TextStop},
		{"END", TextStop},
		{"quit", TextStop},
		{"Alto", TextStop},
		{"parar", TextStop},
		{"arret", TextStop},
		{"Arrêt", TextStop},
		{"START", TextStart},
		{"start!", TextStart},
		{"please stop", TextNoKeyword},
		{"STOP IT", TextNoKeyword},
		{"yes", TextNoKeyword},
		{"", TextNoKeyword},
	}
	for _, tt := range tests {
		if got := ParseTextKeyword(tt.body); got != tt.want {
			t.Errorf("ParseTextKeyword(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}
