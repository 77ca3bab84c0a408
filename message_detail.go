package emessage

import (
	"cmp"
	"slices"
	"strings"
)

// OldestFirst puts the detail's thread and history in the order people read
// them, oldest first (records created in the same instant by id), on
// copies: the slices the detail held are left as they were.
func (d *MessageDetail) OldestFirst() {
	d.Thread = slices.Clone(d.Thread)
	slices.SortStableFunc(d.Thread, func(a, b *Message) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	d.History = slices.Clone(d.History)
	slices.SortStableFunc(d.History, func(a, b HistoryEntry) int { return a.At.Compare(b.At) })
}
