package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/county/emessage"
)

// The server-rendered pages (worker site and customer portal) share what is in the page_*.go, session.go, templates/ and static/ files:
// templates with one base layout per site, the content security policy, the
// error page and the error summary, the session cookie and the assets.

//go:embed templates/*.html
var templateFS embed.FS

// pageCSP is the content security policy of every page: our own scripts,
// styles, fonts and images only; no inline script or style anywhere.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// page is what every page template gets: the frame (title, signed-in user,
// navigation, messages) and the page's own data in Data.
type page struct {
	Title  string
	Layout string // the site's layout template: "worker_layout" or "portal_layout"
	// Lang is the language of the page: the customer's on the portal ("en"
	// or "es"); "" on the worker site, which is in English.
	Lang string
	// Section and Task mark where the page sits in the worker site's
	// navigation: Section "home", "cases" or "etools"; Task "emessages".
	Section, Task string
	Actor         emessage.Actor
	County        *emessage.County
	Notice        string // a success message at the top
	Errors        *formErrors
	Data          any
	// Portal is the portal's frame: its menu and language switch.
	Portal *portalFrame
}

// T returns the words of key in the page's language (see page_i18n.go).
func (p *page) T(key string, args ...any) string { return translate(p.Lang, key, args...) }

// HTMLLang is the lang attribute of the page's <html> element.
func (p *page) HTMLLang() string {
	if p.Lang == "" {
		return "en"
	}
	return p.Lang
}

// SiteName ends the page's title.
func (p *page) SiteName() string {
	if p.Lang == "" {
		return "e-Messages"
	}
	return p.T("portal_name")
}

// CanView and CanSend tell the navigation and buttons what the worker holds
// (the service checks again on every request).
func (p *page) CanView() bool { return p.Actor.Can(emessage.RightView) }

// CanSend reports whether the signed-in worker holds emessage.send.
func (p *page) CanSend() bool { return p.Actor.Can(emessage.RightSend) }

// TwoWay reports whether the worker's county takes actions (R4).
func (p *page) TwoWay() bool { return p.County != nil && p.County.TwoWay }

// templates holds one parsed template set per page.
type templates struct {
	pages map[string]*template.Template
}

// parseTemplates reads the files of templates/: those whose names begin with
// "_" (layouts and partials) go into every set; each other file is a page.
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	base := template.New("").Funcs(funcs)
	var pages []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "_") {
			if _, err := base.ParseFS(templateFS, "templates/"+name); err != nil {
				return nil, err
			}
		} else {
			pages = append(pages, name)
		}
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pages {
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.ParseFS(templateFS, "templates/"+name); err != nil {
			return nil, err
		}
		t.pages[strings.TrimSuffix(name, path.Ext(name))] = set
	}
	return t, nil
}

// templateFuncs are the helpers the templates may call: formatting only.
func (s *server) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"asset":       s.assets.url,
		"dateTime":    s.formatTime,
		"date":        formatDate,
		"statusLabel": func(st emessage.Status) string { return st.Label() },
		"typeLabel":   typeLabel,
		"actionLabel": actionLabel,
		"fileSize":    fileSize,
		"tr":          translate,
		"overdue":     s.svc.Overdue,
		"linkForm":    newLinkForm,
		"customerTime": func(lang string, t time.Time) string {
			return customerDate(lang, t.In(s.svc.Location))
		},
		"customerDay": func(lang, d string) string {
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return d
			}
			return customerDate(lang, t)
		},
	}
}

// setPageHeaders sets the headers of every HTML page: its content security
// policy, and no caching, since pages hold personal data.
func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
}

// render writes a page. The template runs into a buffer first, so that a
// failing template answers a clean error page instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	set, ok := s.pages.pages[name]
	if !ok {
		s.log.ErrorContext(r.Context(), "no such page template", "template", name)
		s.renderPlainError(w, http.StatusInternalServerError)
		return
	}
	if p.Layout == "" {
		p.Layout = "worker_layout"
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, p.Layout, p); err != nil {
		s.log.ErrorContext(r.Context(), "page template failed", "template", name, "err", err)
		s.renderPlainError(w, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	setPageHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderPlainError is the last resort when a page cannot be rendered.
func (s *server) renderPlainError(w http.ResponseWriter, status int) {
	h := w.Header()
	setPageHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html lang=\"en\"><title>Error</title><main><h1>%s</h1><p>%s</p></main></html>",
		template.HTMLEscapeString(http.StatusText(status)), template.HTMLEscapeString(internalMessage))
}

// formatTime shows a time in the county's time zone, the way US forms write it.
func (s *server) formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.svc.Location).Format("01/02/2006 3:04 PM")
}

// formatDate shows a YYYY-MM-DD date as MM/DD/YYYY.
func formatDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("01/02/2006")
}

// typeLabel names an e-Message Type as the pages do.
func typeLabel(t emessage.Type) string {
	switch t {
	case emessage.TypeMessage:
		return "Message"
	case emessage.TypeAction:
		return "Action"
	}
	return string(t)
}

// actionLabel names an Action Type as the pages do.
func actionLabel(t emessage.ActionType) string {
	switch t {
	case emessage.ActionUploadDocument:
		return "Upload Document"
	case emessage.ActionViewDocument:
		return "View Document"
	}
	return string(t)
}

// fileSize writes a byte count for people.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
