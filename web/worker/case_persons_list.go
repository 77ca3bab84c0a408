package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// casePersonsJSON is the answer of the persons address: the case's persons
// with the names the API gives them (SPEC section 8's case, persons only),
// and its programs for the Program drop list.
type casePersonsJSON struct {
	CaseNumber string        `json:"case_number"`
	Persons    []personJSON  `json:"persons"`
	Programs   []programJSON `json:"programs"`
}

// programJSON is an option of the Program drop list.
type programJSON struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Selected bool   `json:"selected"` // the program a record goes to when none is chosen
}

type personJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	SSPLinked bool   `json:"ssp_linked"`
	// Language is the language of the person's SSP account, which puts the
	// templates in it first on the Detail form.
	Language string `json:"language,omitempty"`
}

// casePersonsList answers the worker site's script with the persons of a case
// of the worker's county, so that the Person Name list fills in without
// reloading the page.
func (h *Handler) casePersonsList(w http.ResponseWriter, r *http.Request) error {
	sum, err := h.svc.CaseSummary(r.Context(), answer.ActorFrom(r.Context()), r.PathValue("number"))
	if err != nil {
		return err
	}
	out := casePersonsJSON{CaseNumber: sum.Case.Number, Persons: make([]personJSON, 0, len(sum.Case.Persons)),
		Programs: []programJSON{}}
	for _, p := range sum.Case.Persons {
		out.Persons = append(out.Persons, personJSON{ID: p.PersonID, Name: p.Name, SSPLinked: p.Linked(), Language: p.Language})
	}
	for _, o := range programOptions(sum.Case, answer.ActorFrom(r.Context()), "") {
		out.Programs = append(out.Programs, programJSON{Code: o.Value, Label: o.Label, Selected: o.Selected})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}
