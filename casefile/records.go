package casefile

import (
	"fmt"
	"strings"

	"github.com/county/emessage"
)

// Sizes of the records' text, in points.
const (
	sizeHeading = 11.0
	sizeSubject = 11.0
	sizeLabel   = 8.5
	sizeBody    = 10.0
)

// records writes every record of the export, oldest first.
func (e *export) records() error {
	x := e.x
	what := fmt.Sprintf("%d e-Messages of case %s, oldest first.", len(x.Records), x.Case.Number)
	if x.ThreadID != "" {
		what = fmt.Sprintf("%d e-Messages of thread %s of case %s, oldest first.", len(x.Records), x.ThreadID, x.Case.Number)
	}
	if len(x.Records) == 0 {
		what = "Case " + x.Case.Number + " has no e-Messages."
	}
	e.text(what, sizeBody, false)
	e.gap(2)
	for i, r := range x.Records {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		e.record(i+1, r)
	}
	return nil
}

// record writes one record: what it is, its subject, who and when, its
// read receipt or who opened it, its body, its status history and its uploads.
func (e *export) record(n int, r emessage.ExportRecord) {
	m := r.Message
	e.ensure(lineHeight(sizeHeading) * 4) // a heading never ends a page
	kind := m.Type.Label()
	if m.ActionType != "" {
		kind += " (" + m.ActionType.Label() + ")"
	}
	heading := fmt.Sprintf("%d. %s · %s", n, kind, m.Status.Label())
	switch {
	case m.Cancelled:
		heading += " · Cancelled before sending"
	case m.Scheduled:
		heading += " · Scheduled, not sent yet"
	}
	if m.Archived {
		heading += " · Archived"
	}
	e.pdf.SetFillColor(235, 238, 242)
	e.pdf.Rect(margin, e.pdf.GetY(), e.width, lineHeight(sizeHeading), "F")
	e.text(heading, sizeHeading, true)
	e.text(m.Subject, sizeSubject, true)
	e.gap(1)

	if m.Direction == emessage.FromCustomer {
		e.field("From", m.PersonName+" (customer), to the county")
	} else {
		e.field("From", e.worker(m.AuthorUsername, r.History)+", to "+m.PersonName)
	}
	if m.Program != "" {
		e.field("Program", emessage.ProgramName(m.Program)+" ("+m.Program+")")
	}
	e.field("Created", e.when(m.CreatedAt))
	if !m.UpdatedAt.Equal(m.CreatedAt) {
		e.field("Updated", e.when(m.UpdatedAt))
	}
	if m.SendAt != nil {
		e.field("Send time chosen", e.when(*m.SendAt))
	}
	if m.DueDate != "" {
		e.field("Due date", m.DueDate)
	}
	if m.Document != nil {
		e.field("Document", m.Document.Code+" – "+m.Document.Title)
	}
	if m.Direction == emessage.ToCustomer {
		receipt := "Not read by the customer"
		if m.ViewedAt != nil {
			receipt = "Read by the customer on " + e.when(*m.ViewedAt)
		}
		e.field("Read receipt", receipt)
	} else {
		seen := "No worker has opened it"
		if len(m.SeenBy) > 0 {
			parts := make([]string, len(m.SeenBy))
			for i, s := range m.SeenBy {
				parts[i] = fmt.Sprintf("%s (%s), %s", s.Name, s.Username, e.when(s.At))
			}
			seen = strings.Join(parts, "; ")
		}
		e.field("Seen by", seen)
	}
	ids := "Record " + m.ID + ", thread " + m.ThreadID
	if m.InReplyTo != "" {
		ids += ", in reply to " + m.InReplyTo
	}
	e.field("Reference", ids)
	e.gap(1.5)
	e.text(m.Body, sizeBody, false)
	e.gap(1.5)

	e.text("Status history", sizeLabel, true)
	for _, h := range r.History {
		by := h.ByName + " (" + h.By + ")"
		if h.ByKind == "ssp" {
			by = m.PersonName + " (customer)"
		}
		e.text(fmt.Sprintf("%s — %s — %s", h.Status.Label(), e.when(h.At), by), sizeLabel, false)
	}
	if len(r.Uploads) > 0 {
		e.gap(1)
		e.text("Uploaded documents", sizeLabel, true)
		for _, u := range r.Uploads {
			e.text(fmt.Sprintf("%s — %s — uploaded %s — %s", u.Filename, emessage.FileSize(u.Size), e.when(u.UploadedAt), e.plan(n, m, u)), sizeLabel, false)
		}
	}
	e.gap(3)
	y := e.pdf.GetY() - 1.5
	e.pdf.SetDrawColor(200, 200, 200)
	e.pdf.Line(margin, y, margin+e.width, y)
}

// field writes "Label: value" in small type.
func (e *export) field(label, value string) {
	e.text(label+": "+value, sizeLabel, false)
}

// worker names the worker who wrote a record, by the name its history
// gives them when it does.
func (e *export) worker(username string, history []emessage.HistoryEntry) string {
	for _, h := range history {
		if h.ByKind == "worker" && h.By == username && h.ByName != "" {
			return h.ByName + " (" + username + ")"
		}
	}
	return username
}

// gap leaves h millimetres of space.
func (e *export) gap(h float64) { e.pdf.SetY(e.pdf.GetY() + h) }
