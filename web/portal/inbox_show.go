package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/county/emessage"
)

// inboxPageSize is how many records a page of the inbox lists: a phone's
// few screens.
const inboxPageSize = 20

// inboxPage is the data of the inbox.
type inboxPage struct {
	Rows []inboxRow
	pager
}

// inboxRow is one record of the inbox, in the customer's words.
type inboxRow struct {
	*emessage.Message
	URL    string
	From   string
	Date   string
	Status customerStatusView
	Unread bool
	Kind   string // what an action asks for
}

// portalInbox shows the customer's records newest first, unread ones
// marked, a page at a time.
func (s *server) portalInbox(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	limit, self := inboxPageSize, "/portal/"
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return emessage.FieldError(emessage.EInvalid, "limit", "limit must be a number")
		}
		limit, self = n, "/portal/?"+url.Values{"limit": {v}}.Encode()
	}
	pg, err := s.svc.CustomerMessages(r.Context(), p.Actor, limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	data := &inboxPage{pager: pagerFor(self, q, pg.NextCursor)}
	now := s.svc.Now().In(s.svc.Location)
	for _, m := range pg.Messages {
		row := inboxRow{Message: m, URL: portalMessageURL(m.ID), Unread: emessage.UnreadByCustomer(m),
			Status: s.customerStatusWords(p.Lang, m),
			Date:   customerShortDate(p.Lang, m.CreatedAt.In(s.svc.Location), now)}
		if m.Direction == emessage.FromCustomer {
			row.From = p.T("from_you")
		} else {
			row.From = p.T("from_county", p.Portal.countyName(m.County))
		}
		switch m.ActionType {
		case emessage.ActionUploadDocument:
			row.Kind = p.T("kind_upload")
		case emessage.ActionViewDocument:
			row.Kind = p.T("kind_view")
		}
		data.Rows = append(data.Rows, row)
	}
	p.Title, p.Data = p.T("inbox_title"), data
	s.render(w, r, http.StatusOK, "portal_inbox", p)
	return nil
}

// customerStatusView is a record's status as the portal shows it: a code
// for its look and the words.
type customerStatusView struct {
	Code  string // a CustomerStatus, or "overdue"
	Words string
}

// customerStatusWords says where a record stands, in the customer's
// language: "Action needed by Dec 5", "Done", "Waiting for the county"...
func (s *server) customerStatusWords(lang string, m *emessage.Message) customerStatusView {
	st := emessage.CustomerStatusOf(m)
	v := customerStatusView{Code: string(st), Words: translate(lang, "status_"+string(st))}
	if st == emessage.CustomerActionNeeded {
		due, err := time.Parse(time.DateOnly, m.DueDate)
		if err != nil {
			v.Words = translate(lang, "status_action_needed_now")
			return v
		}
		day := customerShortDate(lang, due, s.svc.Now().In(s.svc.Location))
		if s.svc.Overdue(m) {
			v.Code, v.Words = "overdue", translate(lang, "status_action_overdue", day)
		} else {
			v.Words = translate(lang, "status_action_needed", day)
		}
	}
	return v
}
