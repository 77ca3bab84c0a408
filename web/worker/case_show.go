package worker

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
)

// casePage is the data of the Case Summary page.
type casePage struct {
	*emessage.CaseSummary
	// MessagesURL searches the case's e-Messages in the whole county (the
	// case may be in another worker's caseload); NewURL those needing review.
	MessagesURL, NewURL string
}

// caseShow shows the Case Summary page: case, programs, persons and
// their SSP accounts, and the yellow banner while the case has a received or
// action completed e-Message.
func (h *Handler) caseShow(w http.ResponseWriter, r *http.Request, p *view) error {
	sum, err := h.svc.CaseSummary(r.Context(), p.Actor, r.PathValue("number"))
	if err != nil {
		return err
	}
	q := url.Values{"case_number": {sum.Case.Number}, "scope": {"county"}}
	data := &casePage{CaseSummary: sum, MessagesURL: "/worker/messages?" + q.Encode()}
	q["status"] = []string{string(emessage.StatusReceived), string(emessage.StatusActionCompleted)}
	data.NewURL = "/worker/messages?" + q.Encode()
	p.Title, p.Data = "Case Summary "+sum.Case.Number, data
	h.render(w, r, http.StatusOK, "case", p)
	return nil
}
