package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// casesPage is the data of the case search: Case Search in the navigation,
// and the Select case search of the e-Messages Detail page.
type casesPage struct {
	Q, Scope page.Field
	Cases    []*emessage.Case
	// Select is set on the Select case search: each case has a Select
	// button that returns its number to the draft, carried in Draft.
	Select bool
	Draft  []page.Hidden
}

var caseSearchFields = []string{"q", "scope"}

// casesList shows the case search of the Case Info menu.
func (h *Handler) casesList(w http.ResponseWriter, r *http.Request, p *view) error {
	return h.renderCases(w, r, p, r.URL.Query(), false, nil)
}

// renderCaseSelect shows the Select case search for a draft e-Message.
func (h *Handler) renderCaseSelect(w http.ResponseWriter, r *http.Request, p *view, d messageDraft) error {
	return h.renderCases(w, r, p, r.PostForm, true, d.hidden())
}

func (h *Handler) renderCases(w http.ResponseWriter, r *http.Request, p *view, v url.Values, selecting bool, draft []page.Hidden) error {
	scope := v.Get("scope")
	if scope == "" {
		scope = "county"
	}
	data := &casesPage{Select: selecting, Draft: draft}
	cases, err := h.svc.SearchCases(r.Context(), p.Actor, emessage.CaseSearch{Text: v.Get("q"), Scope: scope})
	status := http.StatusOK
	if err != nil {
		status = answer.StatusOf(err)
		if status >= 500 || status == http.StatusForbidden {
			return err
		}
		h.refused(r, err)
		p.Errors = page.ErrorsFrom(err, caseSearchFields, nil)
	}
	data.Cases = cases
	data.Q = page.Field{Name: "q", Label: "Case Number or person's name", Value: v.Get("q"), Error: p.Errors.For("q"),
		Hint: "Part of a case number or of a name; leave it empty to list all cases.", Autocomplete: "off"}
	data.Scope = page.Field{Name: "scope", Label: "Cases", Error: p.Errors.For("scope"),
		Options: page.Options(scope, "county", "All of my county", "mine", "My caseload")}
	p.Title = "Case Search"
	if selecting {
		p.Title = "Select a Case"
	}
	p.Data = data
	h.render(w, r, status, "cases", p)
	return nil
}
