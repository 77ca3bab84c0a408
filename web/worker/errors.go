package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// fail shows an error as a page: a plain explanation and the way on, never
// a blank page. An ended session goes back to the sign-in page. What is
// logged, and the sentence a failure of ours shows, is answer.Fail's.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, p *view, err error) {
	if answer.StatusOf(err) == http.StatusUnauthorized {
		h.site.LoginRedirect(w, r)
		return
	}
	pr := answer.Fail(h.log, r, err)
	e := &page.ErrorPage{Status: pr.Status, Message: pr.Message, Heading: errorHeading(pr.Status)}
	p.Title, p.Data = e.Heading, e
	h.render(w, r, pr.Status, "error", p)
}

// refused logs a refusal that the page shows beside its form rather than
// as an error page (answer.Fail decides whether it is a security event)
// and returns the status to answer with.
func (h *Handler) refused(r *http.Request, err error) int { return answer.Fail(h.log, r, err).Status }

func errorHeading(status int) string {
	switch status {
	case http.StatusForbidden:
		return "You do not have access to this page"
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusConflict:
		return "This e-Message has changed"
	case http.StatusMethodNotAllowed:
		return "This address does not take that request"
	}
	if status >= 500 {
		return "Something went wrong"
	}
	return "This request cannot be completed"
}

// NoRoute answers an address of the worker site (or of the static files)
// that no route knows, status being what the mux would answer: 404, or 405
// when only the method is wrong.
func (h *Handler) NoRoute(w http.ResponseWriter, r *http.Request, status int) {
	code, msg := emessage.ENotFound, "There is no page at this address. Check the address, or start again from the home page."
	if status == http.StatusMethodNotAllowed {
		code, msg = answer.CodeMethodNotAllowed, "This address does not take "+r.Method+" requests."
	}
	h.fail(w, r, &view{}, emessage.Errorf(code, "%s", msg))
}

// CrossSite answers a form sent to the worker site from another web site.
func (h *Handler) CrossSite(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, &view{}, emessage.Errorf(emessage.EForbidden,
		"This form was sent from another web site, so it was refused. Open the page again from the e-Messages site and try again."))
}
