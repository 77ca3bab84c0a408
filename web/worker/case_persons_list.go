package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// casePersonsJSON is the answer of the persons address: the case's persons
// with the names the API gives them (SPEC section 8's case, persons only),
// its programs for the Program drop list, and the documents of its View
// Documents list (the case's own first).
type casePersonsJSON struct {
	CaseNumber string       `json:"case_number"`
	Persons    []personJSON `json:"persons"`
	Programs   []optionJSON `json:"programs"`
	Documents  []optionJSON `json:"documents"`
}

// optionJSON is an option of a drop list.
type optionJSON struct {
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
	actor := answer.ActorFrom(r.Context())
	sum, err := h.svc.CaseSummary(r.Context(), actor, r.PathValue("number"))
	if err != nil {
		return err
	}
	out := casePersonsJSON{CaseNumber: sum.Case.Number, Persons: make([]personJSON, 0, len(sum.Case.Persons)),
		Programs: []optionJSON{}}
	for _, p := range sum.Case.Persons {
		out.Persons = append(out.Persons, personJSON{ID: p.PersonID, Name: p.Name, SSPLinked: p.Linked(), Language: p.Language})
	}
	for _, o := range programOptions(sum.Case, actor, "") {
		out.Programs = append(out.Programs, optionJSON{Code: o.Value, Label: o.Label, Selected: o.Selected})
	}
	docs, err := h.svc.SendableDocuments(r.Context(), actor, sum.Case.Number)
	if err != nil {
		return err
	}
	out.Documents = []optionJSON{}
	for _, o := range documentOptions(docs, sum.Case, "") {
		out.Documents = append(out.Documents, optionJSON{Code: o.Value, Label: o.Label})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}
