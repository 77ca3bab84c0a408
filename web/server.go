// Package web serves the service over HTTP: the JSON API (/api/v1), the
// worker site (/worker/) and the customer portal (/portal/). Handlers
// read the request, call the emessage.Service and write the answer; every
// rule lives in the service.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/county/emessage"
)

// Config is what the HTTP layer needs from the command that wires it.
type Config struct {
	Service *emessage.Service
	Logger  *slog.Logger
	// Registry receives the HTTP metrics and is served at /metrics.
	Registry *prometheus.Registry
	// Ready reports whether the service can answer; /healthz answers 503
	// when it fails (nil: always ready).
	Ready func(ctx context.Context) error
	// BaseURL is the public base URL, e.g. https://emessage.county.gov (may be "").
	// Its origin is trusted by the cross-origin protection.
	BaseURL string
}

// server holds what the handlers share.
type server struct {
	svc     *emessage.Service
	log     *slog.Logger
	reg     *prometheus.Registry
	ready   func(ctx context.Context) error
	baseURL string
	mux     *http.ServeMux
	metrics *metrics
	assets  *assets    // the pages' embedded static files
	pages   *templates // the pages' templates
}

// NewHandler returns the whole HTTP surface of the service, middleware included.
func NewHandler(cfg Config) http.Handler {
	s := &server{
		svc:     cfg.Service,
		log:     cfg.Logger,
		reg:     cfg.Registry,
		ready:   cfg.Ready,
		baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		mux:     http.NewServeMux(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.reg == nil {
		s.reg = prometheus.NewRegistry()
	}
	s.metrics = newMetrics(s.reg)
	var err error
	if s.assets, err = loadAssets(); err != nil {
		panic("web: embedded static files: " + err.Error()) // a build error: they are embedded
	}
	if s.pages, err = parseTemplates(s.templateFuncs()); err != nil {
		panic("web: embedded templates: " + err.Error())
	}
	s.registerRoutes()

	// The middleware chain, innermost first: routing, cross-origin
	// protection of state changes, panic recovery, logging and metrics,
	// security headers, the client's address in the context.
	var h http.Handler = http.HandlerFunc(s.route)
	h = s.crossOriginProtection().Handler(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	h = securityHeaders(h, strings.HasPrefix(cfg.BaseURL, "https://"))
	h = withClientAddr(h)
	return h
}

// registerRoutes lists every address the server answers.
func (s *server) registerRoutes() {
	s.registerAPIRoutes()
	s.registerWorkerRoutes()
	s.registerPortalRoutes()
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError),
	}))
}

// registerAPIRoutes lists the JSON API of SPEC section 8.
func (s *server) registerAPIRoutes() {
	m := s.mux
	m.Handle("POST /api/v1/login", s.api(s.apiLogin))
	m.Handle("POST /api/v1/logout", s.authedAnyone(s.apiLogout))

	// Worker.
	m.Handle("GET /api/v1/home", s.authed(s.apiHome))
	m.Handle("GET /api/v1/cases/{number}", s.authed(s.apiCaseGet))
	m.Handle("GET /api/v1/cases/{number}/audit", s.authed(s.apiCaseAuditGet))
	m.Handle("GET /api/v1/documents", s.authed(s.apiDocumentsList))
	m.Handle("GET /api/v1/messages", s.authed(s.apiMessagesList))
	m.Handle("POST /api/v1/messages", s.authed(s.apiMessagesCreate))
	m.Handle("GET /api/v1/messages/{id}", s.authed(s.apiMessageGet))
	m.Handle("GET /api/v1/messages/{id}/audit", s.authed(s.apiMessageAuditGet))
	m.Handle("POST /api/v1/messages/{id}/reply", s.authed(s.apiMessageReply))
	m.Handle("PATCH /api/v1/messages/{id}", s.authed(s.apiMessagePatch))
	m.Handle("GET /api/v1/messages/{id}/uploads/{upload_id}", s.authed(s.apiUploadGet))

	// Customer (SSP).
	m.Handle("GET /api/v1/ssp/messages", s.authed(s.apiSSPMessagesList))
	m.Handle("POST /api/v1/ssp/messages", s.authed(s.apiSSPMessagesCreate))
	m.Handle("GET /api/v1/ssp/messages/{id}", s.authed(s.apiSSPMessageGet))
	m.Handle("GET /api/v1/ssp/messages/{id}/document", s.authed(s.apiSSPDocumentGet))
	m.Handle("POST /api/v1/ssp/messages/{id}/uploads", s.authed(s.apiSSPUploadsCreate))
	m.Handle("POST /api/v1/ssp/messages/{id}/reply", s.authed(s.apiSSPMessageReply))
	m.Handle("GET /api/v1/ssp/account", s.authed(s.apiSSPAccountGet))
	m.Handle("PATCH /api/v1/ssp/account", s.authed(s.apiSSPAccountPatch))
}

// route hands the request to its handler. An API address that matches no
// route answers a JSON 404, or a JSON 405 when only the method is wrong,
// instead of the mux's plain text.
func (s *server) route(w http.ResponseWriter, r *http.Request) {
	if isAPIPath(r.URL.Path) {
		if h, pattern := s.mux.Handler(r); pattern == "" {
			s.apiNoRoute(w, r, h)
			return
		}
	}
	if isPagePath(r.URL.Path) {
		if h, pattern := s.mux.Handler(r); pattern == "" {
			rec := &headerRecorder{header: make(http.Header)}
			h.ServeHTTP(rec, r)
			if rec.status >= 300 && rec.status < 400 { // the mux's redirect to a clean path
				for k, v := range rec.header {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.status)
				return
			}
			s.pageNoRoute(w, r, rec.status)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// apiNoRoute runs the mux's own fallback to learn whether the method or the
// address is wrong (and which methods are allowed), then answers in JSON.
func (s *server) apiNoRoute(w http.ResponseWriter, r *http.Request, fallback http.Handler) {
	rec := &headerRecorder{header: make(http.Header)}
	fallback.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		s.writeError(w, r, emessage.Errorf(codeMethodNotAllowed, "This address does not take %s requests.", r.Method))
		return
	}
	s.writeError(w, r, emessage.Errorf(emessage.ENotFound, "There is nothing at this address."))
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
		err := emessage.Errorf(emessage.EForbidden, "Requests from other web sites are not allowed.")
		if siteOf(r.URL.Path) == portalSite {
			s.portalCrossSite(w, r)
			return
		}
		if isPagePath(r.URL.Path) {
			err.Message = "This form was sent from another web site, so it was refused. Open the page again from the e-Messages site and try again."
			s.pageError(w, r, &page{}, err)
			return
		}
		s.writeError(w, r, err)
	}))
	return cop
}

// isAPIPath reports whether a path belongs to the JSON API.
func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

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
