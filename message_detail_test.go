package emessage

import (
	"testing"
	"time"
)

func TestOldestFirst(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a := &Message{ID: "A", CreatedAt: t0.Add(time.Hour)}
	b := &Message{ID: "B", CreatedAt: t0}
	c := &Message{ID: "C", CreatedAt: t0} // same instant as B: by id
	thread := []*Message{a, c, b}
	history := []HistoryEntry{{Status: StatusRead, At: t0.Add(2 * time.Hour)}, {Status: StatusSent, At: t0}}
	d := &MessageDetail{Thread: thread, History: history}
	d.OldestFirst()
	var got string
	for _, m := range d.Thread {
		got += m.ID
	}
	if got != "BCA" {
		t.Errorf("thread = %s, want BCA", got)
	}
	if d.History[0].Status != StatusSent || d.History[1].Status != StatusRead {
		t.Errorf("history = %v, want sent then read", d.History)
	}
	if thread[0] != a || history[0].Status != StatusRead {
		t.Error("the caller's slices were reordered")
	}
}
