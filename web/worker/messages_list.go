package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// messagesList shows the e-Messages Search page: the filters of SPEC
// section 5 (the API list's query parameters), the Search Results Summary
// newest first, a page at a time.
func (h *Handler) messagesList(w http.ResponseWriter, r *http.Request, p *view) error {
	q := r.URL.Query()
	f, err := answer.SearchFilter(q)
	data := &searchPage{Self: searchSelf(q)}
	status := http.StatusOK
	var pg *emessage.Page
	if err == nil {
		pg, err = h.svc.SearchMessages(r.Context(), p.Actor, f)
	}
	if err != nil {
		status = answer.StatusOf(err)
		if status >= 500 || status == http.StatusForbidden {
			return err
		}
		h.refused(r, err)
		p.Errors = page.ErrorsFrom(err, searchFields, nil)
	}
	h.searchForm(r, p, data, q, f)
	if pg != nil {
		for _, m := range pg.Messages {
			data.Rows = append(data.Rows, searchRow{
				Message: m, Overdue: h.svc.Overdue(m), For: standInFor(p.Actor, f, m),
				DetailURL: messageURL(m.ID, data.Self),
				View:      page.NewLinkForm("view-"+m.ID, "/worker/messages/"+url.PathEscape(m.ID)+"/view?"+url.Values{"back": {data.Self}}.Encode()),
			})
		}
		data.pages(q, pg.NextCursor)
	}
	add := url.Values{"back": {data.Self}}
	if f.CaseNumber != "" {
		add.Set("case_number", f.CaseNumber)
	}
	data.Add = page.NewLinkForm("add-form", "/worker/messages/new?"+add.Encode())
	p.Title, p.Data = "e-Messages Search", data
	h.render(w, r, status, "messages", p)
	return nil
}

// standInFor names the worker whose record m is, when the search is the
// worker's own caseload and the record is someone else's: a worker they
// stand in for (SPEC section 12). "" otherwise.
func standInFor(a emessage.Actor, f emessage.SearchFilter, m *emessage.Message) string {
	if f.Scope == "county" || f.Worker != "" && f.Worker != a.Username || m.OwnerID == 0 || m.OwnerID == a.ID {
		return ""
	}
	return m.OwnerName
}
