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

// CustomerAnswered reports whether the customer has answered the detail's
// action: uploaded a document or opened the form, which moved it to Action
// Completed (whether or not a worker has closed it since). An action just
// sent, or withdrawn before the customer did anything, has no answer.
func (d *MessageDetail) CustomerAnswered() bool {
	m := d.Message
	if !m.IsAction() {
		return false
	}
	if m.Status == StatusActionCompleted || len(d.Uploads) > 0 {
		return true
	}
	return slices.ContainsFunc(d.History, func(h HistoryEntry) bool { return h.Status == StatusActionCompleted })
}

// ForCustomer leaves in the detail only what its customer may see (SPEC
// 22): no record of the thread that waits for its send time or was
// cancelled, and no history entry of when a record was written to go out
// later: for the customer it was sent when it reached them.
func (d *MessageDetail) ForCustomer() {
	d.Thread = slices.DeleteFunc(slices.Clone(d.Thread), (*Message).HiddenFromCustomer)
	d.History = slices.DeleteFunc(slices.Clone(d.History), func(h HistoryEntry) bool { return h.Note == NoteScheduled })
}
