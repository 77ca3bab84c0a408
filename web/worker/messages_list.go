package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/county/emessage"
)

// searchFields are the filters of the e-Messages Search page, in the order
// it shows them; their names are the API list's query parameters.
var searchFields = []string{"case_number", "person_id", "status", "type", "from", "to", "scope", "overdue", "q"}

// searchPage is the data of the e-Messages Search page.
type searchPage struct {
	CaseNumber, Person, Statuses, Type, From, To, Scope, Q formField
	Overdue                                                bool
	PersonsShown                                           bool
	Rows                                                   []searchRow
	// Self is this search's address, for the Detail pages to come back to.
	Self string
	pager
	Add linkForm
}

// searchRow is one line of the Search Results Summary.
type searchRow struct {
	*emessage.Message
	Overdue   bool
	DetailURL string
	View      linkForm
}

// workerMessagesList shows the e-Messages Search page: the filters of SPEC
// section 5 (the API list's query parameters), the Search Results Summary
// newest first, a page at a time.
func (s *server) workerMessagesList(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f, err := searchFilter(q)
	data := &searchPage{Self: searchSelf(q)}
	status := http.StatusOK
	var pg *emessage.Page
	if err == nil {
		pg, err = s.svc.SearchMessages(r.Context(), p.Actor, f)
	}
	if err != nil {
		status = httpStatus(emessage.ErrorCode(err))
		if status >= 500 || status == http.StatusForbidden {
			return err
		}
		p.Errors = errorsFrom(err, searchFields, nil)
	}
	s.searchForm(r, p, data, q, f)
	if pg != nil {
		for _, m := range pg.Messages {
			data.Rows = append(data.Rows, searchRow{
				Message: m, Overdue: s.svc.Overdue(m),
				DetailURL: messageURL(m.ID, data.Self),
				View:      newLinkForm("view-"+m.ID, "/worker/messages/"+url.PathEscape(m.ID)+"/view?"+url.Values{"back": {data.Self}}.Encode()),
			})
		}
		data.pages(q, pg.NextCursor)
	}
	add := url.Values{"back": {data.Self}}
	if f.CaseNumber != "" {
		add.Set("case_number", f.CaseNumber)
	}
	data.Add = newLinkForm("add-form", "/worker/messages/new?"+add.Encode())
	p.Title, p.Data = "e-Messages Search", data
	s.render(w, r, status, "worker_messages", p)
	return nil
}

// searchForm fills the filters with what the query asked for.
func (s *server) searchForm(r *http.Request, p *page, data *searchPage, q url.Values, f emessage.SearchFilter) {
	e := p.Errors
	data.CaseNumber = formField{Name: "case_number", Label: "Case Number", Value: f.CaseNumber, Error: e.For("case_number"), Autocomplete: "off"}
	persons := []fieldOption{{Value: "", Label: "Any person"}}
	if f.CaseNumber != "" {
		if sum, err := s.svc.CaseSummary(r.Context(), p.Actor, f.CaseNumber); err == nil {
			data.PersonsShown = true
			for _, per := range sum.Case.Persons {
				persons = append(persons, fieldOption{Value: per.PersonID, Label: per.Name, Selected: per.PersonID == f.PersonID})
			}
		}
	}
	if f.PersonID != "" && !data.PersonsShown {
		persons = append(persons, fieldOption{Value: f.PersonID, Label: "Person " + f.PersonID, Selected: true})
		data.PersonsShown = true
	}
	data.Person = formField{Name: "person_id", Label: "Person", Options: persons, Error: e.For("person_id")}
	var statuses []fieldOption
	for _, st := range emessage.Statuses {
		statuses = append(statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: hasStatus(f.Statuses, st)})
	}
	data.Statuses = formField{Name: "status", Label: "Status", Options: statuses, Error: e.For("status"), Hint: "Choose none for every status."}
	data.Type = formField{Name: "type", Label: "e-Message Type", Error: e.For("type"),
		Options: options(string(f.Type), "", "Any type", "message", "Message", "action", "Action")}
	data.From = formField{Name: "from", Label: "From date", Type: "date", Value: f.From, Error: e.For("from")}
	data.To = formField{Name: "to", Label: "To date", Type: "date", Value: f.To, Error: e.For("to")}
	scope := f.Scope
	if scope == "" {
		scope = "mine"
	}
	data.Scope = formField{Name: "scope", Label: "Cases", Error: e.For("scope"),
		Options: options(scope, "mine", "My caseload", "county", "All of my county")}
	data.Q = formField{Name: "q", Label: "Text in subject", Value: f.Text, Error: e.For("q"), Autocomplete: "off"}
	data.Overdue = f.Overdue
}

func hasStatus(list []emessage.Status, st emessage.Status) bool {
	for _, s := range list {
		if s == st {
			return true
		}
	}
	return false
}

// searchSelf is the address of this search's first page.
func searchSelf(q url.Values) string {
	keep := url.Values{}
	for _, k := range searchFields {
		for _, v := range q[k] {
			if v != "" {
				keep.Add(k, v)
			}
		}
	}
	if v := q.Get("limit"); v != "" {
		keep.Set("limit", v)
	}
	if len(keep) == 0 {
		return "/worker/messages"
	}
	return "/worker/messages?" + keep.Encode()
}

// pages sets the links to the next and previous pages.
func (d *searchPage) pages(q url.Values, next string) { d.pager = pagerFor(d.Self, q, next) }

// PageLabel names the page for people.
func (d *searchPage) PageLabel() string { return "Page " + strconv.Itoa(d.PageNo) }
