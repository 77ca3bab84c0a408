package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// view is what every page template of the portal gets: the shared frame,
// and what the portal's layout shows around every page: the menu (New
// message only for a customer who may write to the county) and the link
// to the languages.
type view struct {
	page.Frame
	Cases []emessage.CustomerCase
	// LanguagesURL is where the header's Language link leads.
	LanguagesURL string
}

// CanWrite reports whether the customer has a case to write to the county about.
func (v *view) CanWrite() bool { return len(v.writable()) > 0 }

// writable lists the cases the customer may write about (R3, R4).
func (v *view) writable() []emessage.CustomerCase {
	var out []emessage.CustomerCase
	for _, c := range v.Cases {
		if c.Writable {
			out = append(out, c)
		}
	}
	return out
}

// countyName returns the name of a county of the customer's cases.
func (v *view) countyName(code string) string {
	for _, c := range v.Cases {
		if c.County.Code == code {
			return c.County.Name
		}
	}
	return code
}

// pageFunc is a page handler: it renders its page, or returns an error
// that the error page shows. p arrives with the frame filled in.
type pageFunc func(w http.ResponseWriter, r *http.Request, p *view) error

// public serves a portal page that needs no sign-in.
func (h *Handler) public(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := h.newView(w, r, nil, "")
		if err := fn(w, r, p); err != nil {
			h.fail(w, r, p, err)
		}
	})
}

// signedIn serves a page of the portal to a signed-in customer. A browser
// without a live session goes to the sign-in page and comes back.
func (h *Handler) signedIn(section string, fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := h.session(r)
		if emessage.ErrorCode(err) == emessage.EUnauthorized {
			if h.site.SessionToken(r) != "" {
				h.site.ClearSession(w, r)
			}
			h.site.LoginRedirect(w, r)
			return
		}
		var who *emessage.Actor
		if err == nil {
			who = &a
			r = r.WithContext(answer.WithActor(r.Context(), a))
		}
		p := h.newView(w, r, who, section)
		if err == nil {
			p.Cases, err = h.svc.CustomerCases(r.Context(), a)
		}
		if err == nil {
			err = fn(w, r, p)
		}
		if err != nil {
			h.fail(w, r, p, err)
		}
	})
}

// session returns the customer of the request's session cookie. A session
// of a worker is no session here.
func (h *Handler) session(r *http.Request) (emessage.Actor, error) {
	a, err := h.svc.Authenticate(r.Context(), h.site.SessionToken(r))
	if err != nil {
		return a, err
	}
	if !a.IsCustomer() {
		return emessage.Actor{}, emessage.Errorf(emessage.EUnauthorized, "Please sign in with your portal account.")
	}
	return a, nil
}

// newView starts a portal page for a (nil before sign-in): its language
// and its frame.
func (h *Handler) newView(w http.ResponseWriter, r *http.Request, a *emessage.Actor, section string) *view {
	p := &view{Frame: page.Frame{Section: section, Lang: h.lang(w, r, a)}}
	if a != nil {
		p.Actor = *a
	}
	p.LanguagesURL = languagesURL(a != nil, r)
	return p
}
