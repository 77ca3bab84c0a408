package web

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// casesPage is the data of the case search: Case Search in the navigation,
// and the Select case search of the e-Messages Detail page.
type casesPage struct {
	Q, Scope formField
	Cases    []*emessage.Case
	// Select is set on the Select case search: each case has a Select
	// button that returns its number to the draft, carried in Draft.
	Select bool
	Draft  []hiddenField
}

var caseSearchFields = []string{"q", "scope"}

// workerCasesList shows the case search of the Case Info menu.
func (s *server) workerCasesList(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderCases(w, r, p, r.URL.Query(), false, nil)
}

// renderCaseSelect shows the Select case search for a draft e-Message.
func (s *server) renderCaseSelect(w http.ResponseWriter, r *http.Request, p *page, d messageDraft) error {
	return s.renderCases(w, r, p, r.PostForm, true, d.hidden())
}

func (s *server) renderCases(w http.ResponseWriter, r *http.Request, p *page, v url.Values, selecting bool, draft []hiddenField) error {
	scope := v.Get("scope")
	if scope == "" {
		scope = "county"
	}
	data := &casesPage{Select: selecting, Draft: draft}
	cases, err := s.svc.SearchCases(r.Context(), p.Actor, emessage.CaseSearch{Text: v.Get("q"), Scope: scope})
	status := http.StatusOK
	if err != nil {
		status = httpStatus(emessage.ErrorCode(err))
		if status >= 500 || status == http.StatusForbidden {
			return err
		}
		p.Errors = errorsFrom(err, caseSearchFields, nil)
	}
	data.Cases = cases
	data.Q = formField{Name: "q", Label: "Case Number or person's name", Value: v.Get("q"), Error: p.Errors.For("q"),
		Hint: "Part of a case number or of a name; leave it empty to list all cases.", Autocomplete: "off"}
	data.Scope = formField{Name: "scope", Label: "Cases", Error: p.Errors.For("scope"),
		Options: options(scope, "county", "All of my county", "mine", "My caseload")}
	p.Title = "Case Search"
	if selecting {
		p.Title = "Select a Case"
	}
	p.Data = data
	s.render(w, r, status, "worker_cases", p)
	return nil
}
