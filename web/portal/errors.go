package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// fail shows an error as a portal page in the customer's language: a plain
// explanation and the way on. A page not found is the same whether it does
// not exist or belongs to another customer (R9). What is logged is
// answer.Fail's: a failure of ours with its cause, a refusal as a security
// event.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, p *view, err error) {
	if answer.StatusOf(err) == http.StatusUnauthorized {
		h.site.LoginRedirect(w, r)
		return
	}
	status := answer.Fail(h.log, r, err).Status
	heading := "error_title"
	switch {
	case status == http.StatusNotFound:
		heading = "error_404_title"
	case status == http.StatusForbidden:
		heading = "error_403_title"
	case status >= 500:
		heading = "error_500_title"
	}
	_, msg := portalProblem(p.Lang, err, typed{})
	if status == http.StatusNotFound {
		msg = p.T("error_404")
	}
	h.errorPage(w, r, p, status, p.T(heading), msg)
}

// NoRoute answers an address of the portal that no route knows, status
// being what the mux would answer: 404, or 405 when only the method is wrong.
func (h *Handler) NoRoute(w http.ResponseWriter, r *http.Request, status int) {
	code := emessage.ENotFound
	if status == http.StatusMethodNotAllowed {
		code = answer.CodeMethodNotAllowed
	}
	h.fail(w, r, h.errorView(w, r), emessage.Errorf(code, "There is no page at this address."))
}

// CrossSite answers a form sent to the portal from another web site.
func (h *Handler) CrossSite(w http.ResponseWriter, r *http.Request) {
	p := h.errorView(w, r)
	h.errorPage(w, r, p, http.StatusForbidden, p.T("error_403_title"), p.T("err_cross_site"))
}

// errorView starts an error page outside the portal's handlers (an unknown
// address, a refused cross-site form): the customer's language and menu
// when the browser holds a session.
func (h *Handler) errorView(w http.ResponseWriter, r *http.Request) *view {
	if a, err := h.session(r); err == nil {
		p := h.newView(w, r, &a, "")
		if cases, err := h.svc.CustomerCases(r.Context(), a); err == nil {
			p.Cases = cases
		}
		return p
	}
	return h.newView(w, r, nil, "")
}

// refused logs a refusal that the page shows beside its form, with what
// was typed kept, rather than as an error page (answer.Fail decides whether
// it is a security event), and returns the status to answer with.
func (h *Handler) refused(r *http.Request, err error) int { return answer.Fail(h.log, r, err).Status }

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, p *view, status int, heading, msg string) {
	p.Title, p.Notice, p.Errors = heading, "", nil
	p.Data = &page.ErrorPage{Status: status, Heading: heading, Message: msg}
	h.render(w, r, status, "error", p)
}
