package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/casefile"
	"github.com/county/emessage/demo"
	"github.com/county/emessage/filestore"
	"github.com/county/emessage/mail"
	"github.com/county/emessage/password"
	"github.com/county/emessage/phone"
	"github.com/county/emessage/sms"
	"github.com/county/emessage/sqlstore"
	"github.com/county/emessage/web"
	"github.com/county/emessage/webhook"
)

// shutdownGrace is how long requests in flight get to finish on SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

// serve runs the service until ctx ends, SIGINT or SIGTERM comes, or the
// HTTP server fails; it returns the exit status.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	s := &serving{stdout: stdout, stderr: stderr}
	if code, done := s.configure(args, stdout, stderr); done {
		return code
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer s.close()
	for _, step := range []func(context.Context) error{
		s.setUp,          // location, logger and mail settings: usage errors first
		s.listen,         // before the database: a port in use is the most common startup failure
		s.openStore,      // the database, uploaded documents, the service, demo data
		s.connectSSO,     // the county's identity provider, for workers' single sign-on
		s.startMail,      // the e-Notification dispatcher
		s.startWebhooks,  // the webhook dispatcher, with --webhook-url
		s.startTexts,     // the text dispatcher, with --sms-url
		s.startArchive,   // the nightly archive run (retention)
		s.startScheduled, // the release loop of scheduled sends: last, once every notice it queues is on
		s.newHTTPServer,
	} {
		if err := step(ctx); err != nil {
			var f *startFailure
			if errors.As(err, &f) {
				return fail(stderr, f.code, "%s", f.msg)
			}
			return fail(stderr, exitError, "%v", err)
		}
	}
	return s.run(ctx)
}

// serving is the running service's parts, made one step after the other by
// serve, and what closes them when it ends.
type serving struct {
	c              config
	stdout, stderr io.Writer

	loc        *time.Location
	logger     *slog.Logger
	mailDomain string
	sender     mail.Sender
	mailTo     string // where the emails go, for the log

	ln      net.Listener
	addr    string
	baseURL string
	trusted []netip.Prefix
	// archiveAt is the time of day of the nightly archive run (-1: off).
	archiveAt time.Duration

	metricsLn  net.Listener // nil: /metrics is served on ln
	metricsSrv *http.Server

	store *sqlstore.Store
	svc   *emessage.Service

	dispatcher *mail.Dispatcher
	webhooks   *webhook.Dispatcher // nil without --webhook-url
	releaser   *releaser           // scheduled sends
	texts      *sms.Dispatcher     // nil without --sms-url
	textToken  string              // --sms-token, when texts are on
	srv        *http.Server

	closers []func() // run last to first by close
}

// startFailure is a step's refusal to start, with the exit status it calls for.
type startFailure struct {
	code int
	msg  string
}

func (f *startFailure) Error() string { return f.msg }

func refuse(code int, format string, args ...any) error {
	return &startFailure{code, fmt.Sprintf(format, args...)}
}

// onClose adds fn to what close runs, before everything added earlier.
func (s *serving) onClose(fn func()) { s.closers = append(s.closers, fn) }

func (s *serving) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
}

// configure reads the flags and the environment.
func (s *serving) configure(args []string, stdout, stderr io.Writer) (code int, done bool) {
	rest, err := parseFlags(newServeFlags(&s.c), &s.c, args, stdout, "serve [flags]")
	if code, done := flagResult("serve", err, stderr); done {
		return code, true
	}
	if len(rest) > 0 {
		return fail(stderr, exitUsage, "serve: unexpected argument %q (try 'emessage help serve')", rest[0]), true
	}
	return exitOK, false
}

// setUp checks what the flags say about time, logs and mail.
func (s *serving) setUp(context.Context) error {
	var err error
	if s.loc, err = s.c.location(); err != nil {
		return refuse(exitUsage, "%v", err)
	}
	if s.logger, err = s.c.logger(s.stderr); err != nil {
		return refuse(exitUsage, "%v", err)
	}
	from, err := netmail.ParseAddress(s.c.MailFrom)
	if err != nil {
		return refuse(exitUsage, "--mail-from %q is not an email address", s.c.MailFrom)
	}
	s.mailDomain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	if s.sender, s.mailTo, err = newSender(&s.c); err != nil {
		return refuse(exitUsage, "serve: %v", err)
	}
	if s.trusted, err = web.ParseTrustedProxies(s.c.TrustedProxies); err != nil {
		return refuse(exitUsage, "--trusted-proxies: %v", err)
	}
	if s.archiveAt, err = parseTimeOfDay(s.c.ArchiveAt); err != nil {
		return refuse(exitUsage, "%v", err)
	}
	if err := s.c.checkWebhook(); err != nil {
		return refuse(exitUsage, "%v", err)
	}
	if err := s.c.checkSMS(); err != nil {
		return refuse(exitUsage, "%v", err)
	}
	return s.checkSSOFlags()
}

// listen opens the address to serve on.
func (s *serving) listen(context.Context) error {
	ln, err := net.Listen("tcp", s.c.Addr)
	if err != nil {
		return refuse(exitError, "serve: %s", listenError(s.c.Addr, err))
	}
	s.onClose(func() { ln.Close() })
	s.ln, s.addr = ln, ln.Addr().String()
	s.baseURL = strings.TrimRight(s.c.BaseURL, "/")
	if s.baseURL == "" {
		s.baseURL = "http://" + s.addr
	}
	if s.c.MetricsAddr != "" {
		mln, err := net.Listen("tcp", s.c.MetricsAddr)
		if err != nil {
			return refuse(exitError, "serve: --metrics-addr: %s", listenError(s.c.MetricsAddr, err))
		}
		s.onClose(func() { mln.Close() })
		s.metricsLn = mln
	}
	return nil
}

// listenError says why the address could not be opened, and what to do
// when another server holds it.
func listenError(addr string, err error) string {
	msg := "listen " + addr + ": " + rootCause(err)
	if errors.Is(err, syscall.EADDRINUSE) {
		msg += " (another server runs there; choose another with --addr)"
	}
	return msg
}

// openStore opens the database (migrating it) and the uploaded documents,
// makes the service over them, and loads the demo data when asked.
func (s *serving) openStore(ctx context.Context) error {
	store, err := sqlstore.Open(ctx, s.c.DB)
	if err != nil {
		return refuse(exitError, "cannot open database %s: %v", sqlstore.Redact(s.c.DB), err)
	}
	s.onClose(func() { store.Close() })
	s.store = store
	files, err := filestore.New(filepath.Join(s.c.DataDir, "uploads"))
	if err != nil {
		return err
	}
	s.svc = emessage.NewService(store, files, password.New())
	s.svc.Location = s.loc
	s.svc.MailDomain = s.mailDomain
	s.svc.RequireWorkerMFA = s.c.RequireWorkerMFA
	s.svc.Phones = phone.Numbers{}
	s.svc.CaseFiles = s.caseFiles()
	if s.c.Demo {
		if err := loadDemo(ctx, s.svc, store, s.loc, s.stdout); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	return nil
}

// caseFiles is the writer of case file exports, with the fonts of
// --font-dir; a script without a font is said once, here.
func (s *serving) caseFiles() *casefile.Writer {
	w := casefile.NewWriter(s.logger.With("component", "casefile"), filepath.SplitList(s.c.FontDir)...)
	if missing := w.Fonts.Missing(); len(missing) > 0 {
		s.logger.Warn("case file export: no font for some scripts: their text is written as empty boxes (docs/EXPORT.md)",
			"missing", strings.Join(missing, "; "), "font_dir", s.c.FontDir)
	}
	return w
}

// startMail starts the dispatcher that sends the e-Notifications; the
// service wakes it when it queues one.
func (s *serving) startMail(ctx context.Context) error {
	s.dispatcher = &mail.Dispatcher{
		Store: s.store, Sender: s.sender, From: s.c.MailFrom, BaseURL: s.baseURL,
		Logger: s.logger.With("component", "mail"), Lease: s.c.MailLease,
	}
	if c, ok := s.sender.(io.Closer); ok {
		s.onClose(func() { c.Close() }) // after the dispatcher stopped
	}
	s.svc.Notify = s.dispatcher.Wake
	mailCtx, stopMail := context.WithCancel(context.WithoutCancel(ctx))
	mailDone := make(chan struct{})
	go func() { defer close(mailDone); s.dispatcher.Run(mailCtx) }()
	s.onClose(func() { stopMail(); <-mailDone })
	return nil
}

// startArchive starts the nightly archive run (retention), unless off.
func (s *serving) startArchive(ctx context.Context) error {
	at := s.archiveAt
	if at < 0 {
		return nil
	}
	archiveCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		nightlyArchive(archiveCtx, s.svc, s.loc, at, s.logger.With("component", "archive"))
	}()
	s.onClose(func() { stop(); <-done })
	return nil
}

// newHTTPServer makes the HTTP server of the three sites, with its metrics.
func (s *serving) newHTTPServer(ctx context.Context) error {
	registry := newRegistry(s.store)
	registry.MustRegister(deliveryCollector{&s.dispatcher.Counters}, scheduledCollector{s.releaser})
	if s.webhooks != nil {
		registry.MustRegister(webhookCollector{s.store, s.webhooks})
	}
	if s.texts != nil {
		registry.MustRegister(textCollector{s.store, s.texts})
	}
	s.srv = &http.Server{
		Handler: web.NewHandler(web.Config{
			Service: s.svc, Logger: s.logger, Registry: registry, Ready: s.store.Ready, BaseURL: s.baseURL,
			TrustedProxies: s.trusted, MetricsElsewhere: s.metricsLn != nil, ValidTextSignature: s.validTextSignature(),
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads: 5 files of up to 10 MiB on a slow phone
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if s.metricsLn != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", web.MetricsHandler(registry, s.logger))
		s.metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
			ErrorLog: slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn)}
	}
	return nil
}

// run serves until ctx ends or the server fails, then lets the requests in
// flight finish for up to shutdownGrace.
func (s *serving) run(ctx context.Context) int {
	served := make(chan error, 2)
	if s.metricsSrv != nil {
		go func() { served <- s.metricsSrv.Serve(s.metricsLn) }()
		fmt.Fprintf(s.stdout, "metrics on http://%s/metrics\n", s.metricsLn.Addr())
	}
	go func() { served <- s.srv.Serve(s.ln) }()
	fmt.Fprintf(s.stdout, "listening on http://%s\n", s.addr)
	s.logger.Info("serving", "addr", s.addr, "base_url", s.baseURL, "db", sqlstore.Redact(s.c.DB),
		"mail", s.mailTo, "version", version)

	code := exitOK
	select {
	case err := <-served:
		s.logger.Error("server stopped", "err", err)
		code = exitError
	case <-ctx.Done():
		s.logger.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if s.metricsSrv != nil {
		s.metricsSrv.Close()
	}
	if err := s.srv.Shutdown(shutdownCtx); err != nil {
		s.logger.Warn("requests still running at the deadline were cut off", "err", err)
		s.srv.Close()
	}
	return code
}

// loadDemo loads the demo into an empty database (demo.Load) and prints
// the demo logins either way.
func loadDemo(ctx context.Context, svc *emessage.Service, store *sqlstore.Store, loc *time.Location, stdout io.Writer) error {
	now := time.Now().In(loc)
	_, logins := demo.Data(now)
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if empty {
		res, _, err := demo.Load(ctx, svc, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Demo data loaded: %s.\n", res)
	} else {
		fmt.Fprintln(stdout, "The database already holds data, so the demo data was not loaded again.")
	}
	fmt.Fprintln(stdout, "\nDemo logins:")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tUSERNAME\tPASSWORD\tWHO")
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Role, l.Username, l.Password, l.Note)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	return nil
}

// rootCause is the innermost error: "address already in use" rather than
// "listen tcp 127.0.0.1:8080: bind: address already in use".
func rootCause(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}
