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
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
	"github.com/county/emessage/filestore"
	"github.com/county/emessage/mail"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
	"github.com/county/emessage/web"
)

// shutdownGrace is how long requests in flight get to finish on SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	rest, err := parseFlags(newServeFlags(&c), &c, args, stdout, "serve [flags]")
	if code, done := flagResult("serve", err, stderr); done {
		return code
	}
	if len(rest) > 0 {
		return fail(stderr, exitUsage, "serve: unexpected argument %q (try 'emessage help serve')", rest[0])
	}
	loc, err := c.location()
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	logger, err := c.logger(stderr)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	from, err := netmail.ParseAddress(c.MailFrom)
	if err != nil {
		return fail(stderr, exitUsage, "--mail-from %q is not an email address", c.MailFrom)
	}
	sender, mailTo, err := newSender(&c)
	if err != nil {
		return fail(stderr, exitUsage, "serve: %v", err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Listen first: a port in use is the most common startup failure.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fail(stderr, exitError, "cannot listen on %s: %s", c.Addr, rootCause(err))
	}
	defer ln.Close()
	addr := ln.Addr().String()
	baseURL := strings.TrimRight(c.BaseURL, "/")
	if baseURL == "" {
		baseURL = "http://" + addr
	}

	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	files, err := filestore.New(filepath.Join(c.DataDir, "uploads"))
	if err != nil {
		return fail(stderr, exitError, "%v", err)
	}
	svc := emessage.NewService(store, files, password.New())
	svc.Location = loc
	svc.MailDomain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	svc.RequireWorkerMFA = c.RequireWorkerMFA

	if c.Demo {
		if err := loadDemo(ctx, svc, store, loc, stdout); err != nil {
			return fail(stderr, exitError, "demo data: %v", err)
		}
	}

	dispatcher := &mail.Dispatcher{
		Store: store, Sender: sender, From: c.MailFrom, BaseURL: baseURL,
		Logger: logger.With("component", "mail"), Lease: c.MailLease,
	}
	if s, ok := sender.(io.Closer); ok {
		defer s.Close() // after the dispatcher stopped (deferred below)
	}
	svc.Notify = dispatcher.Wake
	mailCtx, stopMail := context.WithCancel(context.WithoutCancel(ctx))
	mailDone := make(chan struct{})
	go func() { defer close(mailDone); dispatcher.Run(mailCtx) }()
	defer func() { stopMail(); <-mailDone }()

	registry := newRegistry(store)
	registry.MustRegister(deliveryCollector{&dispatcher.Counters})
	srv := &http.Server{
		Handler: web.NewHandler(web.Config{
			Service: svc, Logger: logger, Registry: registry, Ready: store.Ping, BaseURL: baseURL,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads: 5 files of up to 10 MiB on a slow phone
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "listening on http://%s\n", addr)
	logger.Info("serving", "addr", addr, "base_url", baseURL, "db", sqlstore.Redact(c.DB), "mail", mailTo, "version", version)

	code := exitOK
	select {
	case err := <-served:
		logger.Error("server stopped", "err", err)
		code = exitError
	case <-ctx.Done():
		logger.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Warn("requests still running at the deadline were cut off", "err", err)
		srv.Close()
	}
	return code
}

// loadDemo imports the demo data into an empty database and prints the
// demo logins either way.
func loadDemo(ctx context.Context, svc *emessage.Service, store *sqlstore.Store, loc *time.Location, stdout io.Writer) error {
	data, logins := demo.Data(time.Now().In(loc))
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if empty {
		res, err := svc.Import(ctx, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Demo data loaded: %s.\n", counts(res))
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
