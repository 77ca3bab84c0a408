// Package worker serves the county worker site of SPEC section 5 under
// /worker/: server-rendered pages over the emessage.Service, which holds
// every rule; the pages only ask it and show what it says.
package worker

import (
	"embed"
	"log/slog"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// site is where the worker site lives and how the browser keeps its session.
var workerSite = page.Site{Prefix: "/worker", Cookie: "emessage_worker", Login: "/worker/login"}

// Handler serves the worker site.
type Handler struct {
	svc   *emessage.Service
	log   *slog.Logger
	site  page.Site
	pages *page.Renderer
}

// New returns the worker site over svc. https says the service's public
// address is https (its cookies are then always Secure); assets are the
// pages' static files, which the web server serves.
func New(svc *emessage.Service, log *slog.Logger, assets *page.Assets, https bool) (*Handler, error) {
	h := &Handler{svc: svc, log: log, site: workerSite}
	h.site.HTTPS = https
	var err error
	h.pages, err = page.NewRenderer(templateFS, svc, assets, log)
	return h, err
}

// render writes a page of the worker site.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *view) {
	h.pages.Render(w, r, status, name, p)
}
