package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// view is what every page template of the worker site gets: the shared
// frame, and what the site's navigation needs.
type view struct {
	page.Frame
	// Task marks the task of the page in the e-Tools bar: "emessages".
	Task string
	// County is the signed-in worker's county (nil before sign-in).
	County *emessage.County
}

// CanView reports whether the signed-in worker holds emessage.view, for the
// navigation and buttons (the service checks again on every request).
func (v *view) CanView() bool { return v.Actor.Can(emessage.RightView) }

// CanSend reports whether the signed-in worker holds emessage.send.
func (v *view) CanSend() bool { return v.Actor.Can(emessage.RightSend) }

// CanSupervise reports whether the signed-in worker holds emessage.supervise.
func (v *view) CanSupervise() bool { return v.Actor.Can(emessage.RightSupervise) }

// TwoWay reports whether the worker's county takes actions (R4).
func (v *view) TwoWay() bool { return v.County != nil && v.County.TwoWay }

// ActionDueDays is how many days after sending an action is due when the
// worker sets no due date: the county's setting.
func (v *view) ActionDueDays() int {
	if v.County == nil {
		return emessage.DefaultDueDays
	}
	return v.County.DueDays()
}

// pageFunc is a page handler: it renders its page, or returns an error
// that the error page shows. p arrives with the frame filled in.
type pageFunc func(w http.ResponseWriter, r *http.Request, p *view) error

// publicPage serves a page that needs no sign-in (the sign-in page).
func (h *Handler) publicPage(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &view{}
		if err := fn(w, r, p); err != nil {
			h.fail(w, r, p, err)
		}
	})
}

// signedIn serves a page of the worker site to a signed-in worker. A
// browser without a live session goes to the sign-in page and comes back.
// A worker who must set up an authenticator app first (the service's
// CheckMFAEnrolment) goes to the Sign-in security page instead. What the
// worker may see or do is the service's business.
func (h *Handler) signedIn(section, task string, fn pageFunc) http.Handler {
	return h.sessionPage(section, task, fn, true)
}

// securityPage serves a page of Sign-in security, which a worker who must
// set up an authenticator app may open.
func (h *Handler) securityPage(fn pageFunc) http.Handler {
	return h.sessionPage("security", "", fn, false)
}

func (h *Handler) sessionPage(section, task string, fn pageFunc, enrolled bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := h.session(r)
		if emessage.ErrorCode(err) == emessage.EUnauthorized {
			if h.site.SessionToken(r) != "" {
				h.site.ClearSession(w, r)
			}
			h.site.LoginRedirect(w, r)
			return
		}
		if err == nil && enrolled && h.svc.CheckMFAEnrolment(a) != nil {
			page.SetHeaders(w.Header())
			http.Redirect(w, r, securityPath, http.StatusSeeOther)
			return
		}
		r = r.WithContext(answer.WithActor(r.Context(), a))
		p := &view{Frame: page.Frame{Section: section, Actor: a}, Task: task}
		if err == nil {
			p.County, err = h.svc.WorkerCounty(r.Context(), a)
		}
		if err == nil {
			err = fn(w, r, p)
		}
		if err != nil {
			h.fail(w, r, p, err)
		}
	})
}

// scriptJSON serves a small JSON answer to the worker site's own script,
// with the cookie session; errors are in the API's shape.
func (h *Handler) scriptJSON(fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := h.session(r)
		if err == nil {
			err = h.svc.CheckMFAEnrolment(a)
		}
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
			r = r.WithContext(answer.WithActor(r.Context(), a))
			err = fn(w, r)
		}
		if err != nil {
			answer.Error(h.log, w, r, err)
		}
	})
}
