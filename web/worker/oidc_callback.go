package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// ssoCallback finishes a sign-in at the county's identity provider: the
// service checks what came back against the browser's attempt and starts
// the worker's session. A refusal is a page of its own, with the way back
// to the sign-in page; the service audited it.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request, p *view) error {
	a := h.takeSSOAttempt(w, r)
	q := r.URL.Query()
	res, err := h.svc.FinishSSO(r.Context(), a.SSOAttempt,
		emessage.SSOCallback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")})
	if err != nil {
		pr := answer.Fail(h.log, r, err)
		e := &page.ErrorPage{Status: pr.Status, Message: pr.Message, Heading: ssoHeading(pr.Code, pr.Status)}
		p.Title, p.Data = e.Heading, e
		h.render(w, r, pr.Status, "error", p)
		return nil
	}
	h.startSession(w, r, res, a.Next)
	return nil
}

// ssoHeading is the heading of a refused sign-in's page.
func ssoHeading(code string, status int) string {
	switch code {
	case emessage.ENotSetUp:
		return "Your county account is not set up for e-Messages"
	case emessage.ESSORefused, emessage.EMalformed:
		return "Your sign-in could not be finished"
	}
	return errorHeading(status)
}
