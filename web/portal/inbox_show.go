package portal

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
	"github.com/county/emessage/words"
)

// inboxPageSize is how many records a page of the inbox lists: a phone's
// few screens.
const inboxPageSize = 20

// inboxPage is the data of the inbox.
type inboxPage struct {
	Rows []inboxRow
	page.Pager
}

// inboxRow is one record of the inbox, in the customer's words.
type inboxRow struct {
	*emessage.Message
	URL    string
	From   string
	Date   string
	Status page.CustomerStatus
	Unread bool
	Kind   string // what an action asks for
}

// inboxShow shows the customer's records newest first, unread ones
// marked, a page at a time.
func (h *Handler) inboxShow(w http.ResponseWriter, r *http.Request, p *view) error {
	q := r.URL.Query()
	limit, self := inboxPageSize, "/portal/"
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return emessage.FieldError(emessage.EInvalid, "limit", "limit must be a number")
		}
		limit, self = n, "/portal/?"+url.Values{"limit": {v}}.Encode()
	}
	pg, err := h.svc.CustomerMessages(r.Context(), p.Actor, limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	data := &inboxPage{Pager: page.PagerFor(self, q, pg.NextCursor)}
	now := h.svc.Now().In(h.svc.Location)
	for _, m := range pg.Messages {
		row := inboxRow{Message: m, URL: messageURL(m.ID), Unread: emessage.UnreadByCustomer(m),
			Status: page.StatusWords(h.svc, p.Lang, m),
			Date:   words.ShortDate(p.Lang, m.CreatedAt.In(h.svc.Location), now)}
		if m.Direction == emessage.FromCustomer {
			row.From = p.T("from_you")
		} else {
			row.From = p.T("from_county", "County", p.countyName(m.County))
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
	h.render(w, r, http.StatusOK, "inbox", p)
	return nil
}
