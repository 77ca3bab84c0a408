package worker

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// searchFields are the filters of the e-Messages Search page, in the order
// it shows them; their names are the API list's query parameters.
var searchFields = []string{"worker", "case_number", "person_id", "program", "status", "type", "from", "to", "scope", "overdue", "archived", "q"}

// searchPage is the data of the e-Messages Search page.
type searchPage struct {
	CaseNumber, Person, Program, Statuses, Type, From, To, Scope, Q page.Field
	Overdue, Archived                                               bool
	PersonsShown                                                    bool
	Rows                                                            []searchRow
	// Worker is whose caseload is searched when it is not the worker's
	// own: a team member's, from the team page (worker=).
	Worker string
	// Self is this search's address, for the Detail pages to come back to.
	Self string
	page.Pager
	Add page.LinkForm
}

// searchRow is one line of the Search Results Summary.
type searchRow struct {
	*emessage.Message
	Overdue bool
	// For names the worker the record belongs to, when the searching
	// worker stands in for them (SPEC section 12).
	For       string
	DetailURL string
	View      page.LinkForm
}

// searchForm fills the filters with what the query asked for.
func (h *Handler) searchForm(r *http.Request, p *view, data *searchPage, q url.Values, f emessage.SearchFilter) {
	e := p.Errors
	data.CaseNumber = page.Field{Name: "case_number", Label: "Case Number", Value: f.CaseNumber, Error: e.For("case_number"), Autocomplete: "off"}
	persons := []page.Option{{Value: "", Label: "Any person"}}
	if f.CaseNumber != "" {
		if sum, err := h.svc.CaseSummary(r.Context(), p.Actor, f.CaseNumber); err == nil {
			data.PersonsShown = true
			for _, per := range sum.Case.Persons {
				persons = append(persons, page.Option{Value: per.PersonID, Label: per.Name, Selected: per.PersonID == f.PersonID})
			}
		}
	}
	if f.PersonID != "" && !data.PersonsShown {
		persons = append(persons, page.Option{Value: f.PersonID, Label: "Person " + f.PersonID, Selected: true})
		data.PersonsShown = true
	}
	data.Person = page.Field{Name: "person_id", Label: "Person", Options: persons, Error: e.For("person_id")}
	var statuses []page.Option
	for _, st := range emessage.Statuses {
		statuses = append(statuses, page.Option{Value: string(st), Label: st.Label(), Selected: slices.Contains(f.Statuses, st)})
	}
	data.Program = programFilter(f.Programs, e.For("program"))
	data.Statuses = page.Field{Name: "status", Label: "Status", Options: statuses, Error: e.For("status"), Hint: "Choose none for every status."}
	data.Type = page.Field{Name: "type", Label: "e-Message Type", Error: e.For("type"),
		Options: page.Options(string(f.Type), "", "Any type",
			string(emessage.TypeMessage), emessage.TypeMessage.Label(), string(emessage.TypeAction), emessage.TypeAction.Label())}
	data.From = page.Field{Name: "from", Label: "From date", Type: "date", Value: f.From, Error: e.For("from")}
	data.To = page.Field{Name: "to", Label: "To date", Type: "date", Value: f.To, Error: e.For("to")}
	scope := f.Scope
	if scope == "" {
		scope = "mine"
	}
	data.Scope = page.Field{Name: "scope", Label: "Cases", Error: e.For("scope"),
		Options: page.Options(scope, "mine", "My caseload", "county", "All of my county")}
	data.Q = page.Field{Name: "q", Label: "Text in subject", Value: f.Text, Error: e.For("q"), Autocomplete: "off"}
	data.Overdue, data.Archived = f.Overdue, f.Archived
	if f.Worker != p.Actor.Username {
		data.Worker = f.Worker
	}
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
func (d *searchPage) pages(q url.Values, next string) { d.Pager = page.PagerFor(d.Self, q, next) }

// PageLabel names the page for people.
func (d *searchPage) PageLabel() string { return "Page " + strconv.Itoa(d.PageNo) }

// programFilter is the Program filter: any program, or one of the usual
// programs (and a code the query asked for that is not one of them).
func programFilter(asked []string, err string) page.Field {
	chosen := ""
	if len(asked) > 0 {
		chosen = asked[0]
	}
	opts := []page.Option{{Value: "", Label: "Any program", Selected: chosen == ""}}
	codes := emessage.KnownPrograms()
	if chosen != "" && !emessage.KnownProgram(chosen) {
		codes = append(codes, chosen)
	}
	for _, code := range codes {
		opts = append(opts, page.Option{Value: code, Label: emessage.ProgramName(code), Selected: code == chosen})
	}
	return page.Field{Name: "program", Label: "Program", Options: opts, Error: err}
}
