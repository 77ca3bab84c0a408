package page

import (
	"html/template"
	"strings"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// funcs are the helpers the templates may call: formatting only.
func funcs(svc *emessage.Service, assets *Assets) template.FuncMap {
	// formatTime shows a time in the county's time zone, the way US forms write it.
	formatTime := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(svc.Location).Format("01/02/2006 3:04 PM")
	}
	return template.FuncMap{
		"asset":        assets.URL,
		"dateTime":     formatTime,
		"date":         formatDate,
		"fileSize":     emessage.FileSize,
		"tr":           words.T,
		"forms":        words.FormsJSON,
		"numberLocale": words.NumberLocale,
		"overdue":      svc.Overdue,
		"programName":  emessage.ProgramName,
		"linkForm":     NewLinkForm,
		"turn": func(m *emessage.Message) string {
			switch {
			case m.Scheduled:
				return "Scheduled for " + scheduledTime(*m.SendAt, svc)
			case m.Cancelled:
				return "Cancelled before sending"
			}
			switch m.WaitingOn() {
			case emessage.WaitingOnCounty:
				if due := svc.ResponseDue(m); due != "" {
					return "Waiting on the county (due " + formatDate(due) + ")"
				}
				return "Waiting on the county"
			case emessage.WaitingOnCustomer:
				return "Waiting on the customer"
			}
			return ""
		},
		"seenBy": func(seen []emessage.Seen) string {
			parts := make([]string, len(seen))
			today := svc.Now().In(svc.Location).Format(time.DateOnly)
			for i, s := range seen {
				at := s.At.In(svc.Location)
				when := at.Format("3:04 PM") // the spec's "Seen by Jane Doe, 10:14": today's opening by its time
				if at.Format(time.DateOnly) != today {
					when = at.Format("01/02 3:04 PM")
				}
				parts[i] = s.Name + ", " + when
			}
			return strings.Join(parts, "; ")
		},
		"historyNote": func(n emessage.HistoryNote) string { return historyNotes[n] },
		"customerTime": func(lang string, t time.Time) string {
			return words.Date(lang, t.In(svc.Location))
		},
		"customerDay": func(lang, d string) string {
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return d
			}
			return words.Date(lang, t)
		},
	}
}

// scheduledTime shows a send time in the county's time zone, named: "Dec
// 6, 9:00 AM PST", with the year when it is not this year's.
func scheduledTime(t time.Time, svc *emessage.Service) string {
	t = t.In(svc.Location)
	if t.Year() != svc.Now().In(svc.Location).Year() {
		return t.Format("Jan 2, 2006, 3:04 PM MST")
	}
	return t.Format("Jan 2, 3:04 PM MST")
}

// historyNotes say what a history entry tells besides its status.
var historyNotes = map[emessage.HistoryNote]string{
	emessage.NoteScheduled: "written to go out later",
	emessage.NoteReleased:  "sent at its scheduled time",
	emessage.NoteCancelled: "cancelled before sending",
}

// formatDate shows a YYYY-MM-DD date as MM/DD/YYYY.
func formatDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("01/02/2006")
}
