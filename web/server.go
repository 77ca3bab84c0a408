// Package web serves the service over HTTP. It owns the mux and the
// middleware, serves health, metrics and the pages' static files, and mounts
// the three front ends, each its own package over the same emessage.Service:
// the JSON API (web/api, /api/v1), the worker site (web/worker, /worker/)
// and the customer portal (web/portal, /portal/). What they share lives
// underneath: web/answer (errors, JSON, downloads, reading requests) and
// web/page (templates, forms, assets, sessions, words).
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/api"
	"github.com/county/emessage/web/page"
	"github.com/county/emessage/web/portal"
	"github.com/county/emessage/web/worker"
)

// Config is what the HTTP layer needs from the command that wires it.
type Config struct {
	Service *emessage.Service
	Logger  *slog.Logger
	// Registry receives the HTTP metrics and is served at /metrics, unless
	// MetricsElsewhere: then the caller serves MetricsHandler on a listener
	// of its own, and /metrics here is not found.
	Registry         *prometheus.Registry
	MetricsElsewhere bool
	// Ready reports whether the service can answer; /healthz answers 503
	// when it fails (nil: always ready).
	Ready func(ctx context.Context) error
	// BaseURL is the public base URL, e.g. https://emessage.county.gov (may be "").
	// Its origin is trusted by the cross-origin protection.
	BaseURL string
	// TrustedProxies are the county's reverse proxies and load balancers:
	// a request from one of them is taken to come from the client that
	// X-Forwarded-For names (none: every request from its connection).
	TrustedProxies []netip.Prefix
	// ValidTextSignature checks the SMS provider's signature of the texts
	// it posts to /api/v1/sms/inbound (SPEC 20), over BaseURL and the
	// path; nil when texts are off.
	ValidTextSignature api.TextSignatureFunc
}

// site is a front end of server-rendered pages: its routes, and its own
// error page for an address it does not know and for a form sent from
// another web site.
type site interface {
	Routes(m *http.ServeMux)
	NoRoute(w http.ResponseWriter, r *http.Request, status int)
	CrossSite(w http.ResponseWriter, r *http.Request)
}

// server holds the mux and what the middleware needs.
type server struct {
	log     *slog.Logger
	ready   func(ctx context.Context) error
	baseURL string
	mux     *http.ServeMux
	metrics *metrics
	worker  site
	portal  site
}

// MetricsHandler serves the metrics of reg in Prometheus' text format.
func MetricsHandler(reg *prometheus.Registry, log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError),
	})
}

// NewHandler returns the whole HTTP surface of the service, middleware included.
func NewHandler(cfg Config) http.Handler {
	s := &server{
		log:     cfg.Logger,
		ready:   cfg.Ready,
		baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		mux:     http.NewServeMux(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	s.metrics = newMetrics(reg)
	https := strings.HasPrefix(strings.ToLower(s.baseURL), "https://")

	// The front ends' templates and the static files are embedded: a
	// failure here is a build error.
	assets, err := page.LoadAssets()
	if err != nil {
		panic("web: embedded static files: " + err.Error())
	}
	w, err := worker.New(cfg.Service, s.log, assets, https)
	if err != nil {
		panic("web: worker templates: " + err.Error())
	}
	p, err := portal.New(cfg.Service, s.log, assets, https)
	if err != nil {
		panic("web: portal templates: " + err.Error())
	}
	s.worker, s.portal = w, p

	api.New(cfg.Service, s.log, api.Options{BaseURL: s.baseURL, ValidTextSignature: cfg.ValidTextSignature}).Routes(s.mux)
	s.worker.Routes(s.mux)
	s.portal.Routes(s.mux)
	s.mux.Handle("GET /static/{version}/{path...}", assets)
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	if !cfg.MetricsElsewhere {
		s.mux.Handle("GET /metrics", MetricsHandler(reg, s.log))
	}

	// The middleware chain, innermost first: routing, cross-origin
	// protection of state changes, panic recovery, logging and metrics,
	// security headers, the client's address in the context.
	var h http.Handler = http.HandlerFunc(s.route)
	h = s.crossOriginProtection().Handler(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	h = securityHeaders(h, https)
	h = withClientAddr(h, cfg.TrustedProxies)
	return h
}

// route hands the request to its handler. An address that matches no
// route is answered by its front end: the API in JSON (404, or 405 when
// only the method is wrong), a site with its error page, instead of the
// mux's plain text.
func (s *server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" || !isAPIPath(r.URL.Path) && !isPagePath(r.URL.Path) {
		s.mux.ServeHTTP(w, r)
		return
	}
	// Run the mux's own fallback to learn whether the method or the address
	// is wrong (and which methods are allowed), or whether it redirects to a
	// clean path.
	rec := &headerRecorder{header: make(http.Header)}
	h.ServeHTTP(rec, r)
	switch {
	case isAPIPath(r.URL.Path):
		err := emessage.Errorf(emessage.ENotFound, "There is nothing at this address.")
		if rec.status == http.StatusMethodNotAllowed {
			if allow := rec.header.Get("Allow"); allow != "" {
				w.Header().Set("Allow", allow)
			}
			err = emessage.Errorf(answer.CodeMethodNotAllowed, "This address does not take %s requests.", r.Method)
		}
		answer.Error(s.log, w, r, err)
	case rec.status >= 300 && rec.status < 400: // the mux's redirect to a clean path
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
	default:
		s.siteOf(r.URL.Path).NoRoute(w, r, rec.status)
	}
}

// crossOriginProtection refuses cross-origin browser requests that change
// state; API clients without Origin or Sec-Fetch-Site headers pass.
func (s *server) crossOriginProtection() *http.CrossOriginProtection {
	cop := http.NewCrossOriginProtection()
	if s.baseURL != "" {
		if u, err := url.Parse(s.baseURL); err == nil && u.Scheme != "" && u.Host != "" {
			if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
				s.log.Warn("base URL is not a usable origin", "base_url", s.baseURL, "err", err)
			}
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPagePath(r.URL.Path) {
			s.siteOf(r.URL.Path).CrossSite(w, r)
			return
		}
		answer.Error(s.log, w, r, emessage.Errorf(emessage.EForbidden, "Requests from other web sites are not allowed."))
	}))
	return cop
}

// siteOf returns the site of a page address: the portal's, or the worker
// site's (which also answers for the static files).
func (s *server) siteOf(path string) site {
	if underPrefix(path, "/portal") {
		return s.portal
	}
	return s.worker
}

// isAPIPath reports whether a path belongs to the JSON API.
func isAPIPath(p string) bool { return underPrefix(p, "/api") }

// isPagePath reports whether a path belongs to the worker site, the
// customer portal or their static files, which set their own content
// security policy and caching.
func isPagePath(p string) bool {
	return underPrefix(p, "/worker") || underPrefix(p, "/portal") || underPrefix(p, "/static")
}

func underPrefix(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

// headerRecorder keeps the status and headers of a response and drops its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header { return h.header }

func (h *headerRecorder) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *headerRecorder) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return len(b), nil
}
