package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type caseJSON struct {
	CaseNumber  string            `json:"case_number"`
	County      string            `json:"county"`
	Status      string            `json:"status"`
	Programs    []caseProgramJSON `json:"programs"`
	Persons     []casePersonJSON  `json:"persons"`
	NewEmessage bool              `json:"new_emessage"`
}

type caseProgramJSON struct {
	Code   string `json:"code"`
	Worker string `json:"worker"`
}

type casePersonJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	SSPLinked bool   `json:"ssp_linked"`
}

// caseGet answers a case of the worker's county, as its Case Summary page shows it.
func (h *Handler) caseGet(w http.ResponseWriter, r *http.Request) error {
	sum, err := h.svc.CaseSummary(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, caseSummaryJSON(sum))
	return nil
}

func caseSummaryJSON(sum *emessage.CaseSummary) caseJSON {
	c := sum.Case
	j := caseJSON{
		CaseNumber:  c.Number,
		County:      c.County,
		Status:      string(c.Status),
		Programs:    make([]caseProgramJSON, 0, len(c.Programs)),
		Persons:     make([]casePersonJSON, 0, len(c.Persons)),
		NewEmessage: sum.NewMessage,
	}
	for _, p := range c.Programs {
		j.Programs = append(j.Programs, caseProgramJSON{Code: p.Code, Worker: p.WorkerUsername})
	}
	for _, p := range c.Persons {
		j.Persons = append(j.Persons, casePersonJSON{ID: p.PersonID, Name: p.Name, SSPLinked: p.Linked()})
	}
	return j
}
