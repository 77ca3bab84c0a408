package page

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// The shared partials: the head, notice and error summary (_base.html),
// the form fields (_form.html) and the customer's view of a message
// (_customer_message.html).
//
//go:embed templates/*.html
var partialFS embed.FS

// Renderer draws the pages of one site: one parsed template set per page,
// each holding the shared partials, the site's own (files whose names begin
// with "_", its "layout" among them) and the page.
type Renderer struct {
	pages map[string]*template.Template
	log   *slog.Logger
}

// NewRenderer parses the templates of a site, the .html files of the folder
// templates in files, over the shared partials, with the helpers of funcs.
func NewRenderer(files fs.FS, svc *emessage.Service, assets *Assets, log *slog.Logger) (*Renderer, error) {
	base := template.New("").Funcs(funcs(svc, assets))
	if _, err := base.ParseFS(partialFS, "templates/*.html"); err != nil {
		return nil, err
	}
	site, err := fs.Sub(files, "templates")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(site, ".")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case path.Ext(name) != ".html":
		case strings.HasPrefix(name, "_"):
			if _, err := base.ParseFS(site, name); err != nil {
				return nil, err
			}
		default:
			pages = append(pages, name)
		}
	}
	rd := &Renderer{pages: map[string]*template.Template{}, log: log}
	for _, name := range pages {
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.ParseFS(site, name); err != nil {
			return nil, err
		}
		rd.pages[strings.TrimSuffix(name, ".html")] = set
	}
	return rd, nil
}

// Render writes the page name in the site's layout. The template runs into
// a buffer first, so that a failing template answers a clean error page
// instead of half a page.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	set, ok := rd.pages[name]
	if !ok {
		rd.log.ErrorContext(r.Context(), "no such page template", "template", name)
		renderPlainError(w, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "layout", data); err != nil {
		rd.log.ErrorContext(r.Context(), "page template failed", "template", name, "err", err)
		renderPlainError(w, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	SetHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderPlainError is the last resort when a page cannot be rendered.
func renderPlainError(w http.ResponseWriter, status int) {
	h := w.Header()
	SetHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html lang=\"en\"><title>Error</title><main><h1>%s</h1><p>%s</p></main></html>",
		template.HTMLEscapeString(http.StatusText(status)), template.HTMLEscapeString(answer.InternalMessage))
}
