// Package portal serves the customer's Self-Service Portal pages of SPEC
// section 6 under /portal/, phone first, in the customer's language: the
// inbox, a message with its answer box, uploads and forms, a new message,
// and settings. Every rule is the emessage.Service's.
package portal

import (
	"embed"
	"log/slog"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the portal.
type Handler struct {
	svc   *emessage.Service
	log   *slog.Logger
	site  page.Site
	pages *page.Renderer
}

// New returns the portal over svc. https says the service's public address
// is https (its cookies are then always Secure); assets are the pages'
// static files, which the web server serves.
func New(svc *emessage.Service, log *slog.Logger, assets *page.Assets, https bool) (*Handler, error) {
	h := &Handler{svc: svc, log: log,
		site: page.Site{Prefix: "/portal", Cookie: "emessage_portal", Login: "/portal/login", HTTPS: https}}
	var err error
	h.pages, err = page.NewRenderer(templateFS, svc, assets, log)
	return h, err
}

// render writes a page of the portal.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *view) {
	h.pages.Render(w, r, status, name, p)
}
