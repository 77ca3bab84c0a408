package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // --tz works without the system's zoneinfo

	"github.com/county/emessage/casefile"
	"github.com/county/emessage/mail"
	"github.com/county/emessage/oidc"
	"github.com/county/emessage/sms"
	"github.com/county/emessage/webhook"
)

// config is what the subcommands are told by flags and EMESSAGE_* variables.
type config struct {
	Addr      string
	DB        string
	SMTP      string
	MailDir   string
	MailFrom  string
	BaseURL   string
	DataDir   string
	Demo      bool
	LogLevel  string
	LogFormat string
	TZ        string
	MailLease time.Duration
	// RequireWorkerMFA requires every worker to sign in with an authenticator app.
	RequireWorkerMFA bool
	// TrustedProxies lists the proxies whose X-Forwarded-For is believed.
	TrustedProxies string
	// MetricsAddr is where /metrics is served on a listener of its own ("":
	// on the main one).
	MetricsAddr string
	// WebhookURL is where the webhook events go (SPEC 16; "": none are
	// queued), signed with WebhookSecret; WebhookLease is how long a
	// server holds an event it is sending.
	WebhookURL, WebhookSecret string
	WebhookLease              time.Duration
	// SMS is the Twilio-compatible provider the texts go through (SPEC
	// 20; no URL: no texts are queued or sent).
	SMS smsFlags
	// ArchiveAt is the time of day (hh:mm, --tz) of the nightly archive
	// run, or "off".
	ArchiveAt string
	// OIDC is the county's identity provider for worker single sign-on
	// (no Issuer: none), and WorkerPasswordLogin whether workers may still
	// sign in with a password.
	OIDC                oidcFlags
	WorkerPasswordLogin bool
	// FontDir lists the directories (colon-separated) where the case file
	// export finds its fonts (docs/EXPORT.md).
	FontDir string
}

// smsFlags are the --sms-* flags.
type smsFlags struct {
	URL, Account, Token, From string
	Lease                     time.Duration
}

// oidcFlags are the --oidc-* flags.
type oidcFlags struct {
	Issuer, ClientID, ClientSecret, UsernameClaim string
}

// Defaults that other settings do not derive.
const (
	defaultAddr     = "127.0.0.1:8080"
	defaultDataDir  = "data"
	defaultMailFrom = "e-Messages <no-reply@emessage.local>"
	defaultTZ       = "America/Los_Angeles"
)

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("emessage "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed as one line by parseFlags
	return fs
}

// storageFlags are the flags of every command that opens the database.
func storageFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.DB, "db", "", "database URL: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default sqlite:DATA_DIR/emessage.db)")
	fs.StringVar(&c.DataDir, "data-dir", defaultDataDir, "directory for the database, uploads and mail")
}

func newServeFlags(c *config) *flag.FlagSet {
	fs := newFlagSet("serve")
	fs.StringVar(&c.Addr, "addr", defaultAddr, "address to listen on (host:port; port 0 picks a free port)")
	storageFlags(fs, c)
	fs.StringVar(&c.SMTP, "smtp", "", "mail server, smtp://user:pass@host:port (STARTTLS when offered) or smtps://... (TLS); unset: emails are written to --mail-dir")
	fs.StringVar(&c.MailDir, "mail-dir", "", "directory where emails are written as .eml files (default DATA_DIR/mail)")
	fs.StringVar(&c.MailFrom, "mail-from", defaultMailFrom, "From address of e-Notification emails")
	fs.StringVar(&c.BaseURL, "base-url", "", "public address of the service, for links in emails (default http://ADDR)")
	fs.BoolVar(&c.Demo, "demo", false, "load the demo data into an empty database and print its logins")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.TZ, "tz", defaultTZ, "time zone where business days and due dates are counted")
	fs.DurationVar(&c.MailLease, "mail-lease", mail.DefaultLease, "how long a server holds an email it is sending before another server may try it")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "addresses and networks of the reverse proxies in front of the service, comma-separated (10.0.0.5,10.1.0.0/16): a request from one is taken to come from the client its X-Forwarded-For names")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "serve /metrics on this address of its own (host:port), and not on --addr")
	fs.StringVar(&c.ArchiveAt, "archive-at", "02:30", "time of day (hh:mm, in --tz) when closed threads past their county's retention_years are archived; off: never (run emessage archive yourself)")
	fs.StringVar(&c.WebhookURL, "webhook-url", "", "county system to POST an event to for every record created, status change and upload (https://...); needs --webhook-secret")
	fs.StringVar(&c.WebhookSecret, "webhook-secret", "", "shared secret (at least 16 characters) with which each webhook event is signed (X-Emessage-Signature)")
	fs.DurationVar(&c.WebhookLease, "webhook-lease", webhook.DefaultLease, "how long a server holds a webhook event it is sending before another server may try it")
	fs.StringVar(&c.SMS.URL, "sms-url", "", "base address of the Twilio-compatible SMS API (https://api.twilio.com): texts tell customers who opted in of new messages; unset: no texts are queued or sent")
	fs.StringVar(&c.SMS.Account, "sms-account", "", "account (SID) at the SMS provider; with --sms-url")
	fs.StringVar(&c.SMS.Token, "sms-token", "", "auth token at the SMS provider; it also checks the signature of texts customers send back (set it in the environment: a command line shows in ps)")
	fs.StringVar(&c.SMS.From, "sms-from", "", "the county's number texts come from, in E.164 (+13105550100), or the provider's messaging service id")
	fs.DurationVar(&c.SMS.Lease, "sms-lease", sms.DefaultLease, "how long a server holds a text it is sending before another server may try it")
	fs.BoolVar(&c.RequireWorkerMFA, "require-worker-mfa", false, "require every worker to sign in with an authenticator app (TOTP); workers without one set it up after signing in, and the API refuses them")
	fs.StringVar(&c.OIDC.Issuer, "oidc-issuer", "", "OpenID Connect issuer URL of the county's identity provider: workers sign in with their county account (docs/INTEGRATION.md)")
	fs.StringVar(&c.OIDC.ClientID, "oidc-client-id", "", "client id of e-Messages at the identity provider")
	fs.StringVar(&c.OIDC.ClientSecret, "oidc-client-secret", "", "client secret of e-Messages at the identity provider (set it in the environment: a command line shows in ps)")
	fs.StringVar(&c.OIDC.UsernameClaim, "oidc-username-claim", oidc.DefaultUsernameClaim, "ID token claim matched, ignoring case, to a worker's username")
	fs.BoolVar(&c.WorkerPasswordLogin, "worker-password-login", true, "let workers sign in with a password; false needs --oidc-issuer (customers always sign in with a password)")
	fs.StringVar(&c.FontDir, "font-dir", strings.Join(casefile.DefaultFontDirs, string(filepath.ListSeparator)), "directories (colon-separated) holding the TrueType fonts of the case file export (docs/EXPORT.md)")
	return fs
}

func newImportFlags(c *config) *flag.FlagSet {
	fs := newFlagSet("import")
	storageFlags(fs, c)
	return fs
}

func newMigrateFlags(c *config) *flag.FlagSet {
	fs := newFlagSet("migrate")
	storageFlags(fs, c)
	return fs
}

// envName is the environment variable of a flag: --mail-dir is EMESSAGE_MAIL_DIR.
func envName(flagName string) string {
	return "EMESSAGE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// errHelp is returned by parseFlags after it printed the help asked for.
var errHelp = errors.New("help shown")

// parseFlags parses args into fs, then sets every flag not given on the
// command line from its EMESSAGE_* variable, then fills derived defaults.
// It returns the arguments after the flags. A bad flag or variable is an
// error of one line.
func parseFlags(fs *flag.FlagSet, c *config, args []string, stdout io.Writer, synopsis string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout, synopsis, fs)
			return nil, errHelp
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			return nil, fmt.Errorf("unknown flag --%s", name)
		}
		return nil, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := os.LookupEnv(envName(f.Name))
		if given[f.Name] || !ok || v == "" || err != nil {
			return
		}
		if fs.Set(f.Name, v) != nil {
			err = fmt.Errorf("%s=%q is not a valid value for --%s", envName(f.Name), v, f.Name)
		}
	})
	if err != nil {
		return nil, err
	}
	if c.DB == "" {
		c.DB = "sqlite:" + filepath.Join(c.DataDir, "emessage.db")
	}
	if c.MailDir == "" {
		c.MailDir = filepath.Join(c.DataDir, "mail")
	}
	return fs.Args(), nil
}

// printUsage prints a command's synopsis and flags, each with its variable.
func printUsage(w io.Writer, synopsis string, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: emessage %s\n\nFlags (each also read from its environment variable):\n", synopsis)
	fs.VisitAll(func(f *flag.Flag) {
		typ, text := flag.UnquoteUsage(f)
		if typ != "" {
			typ = " " + typ
		}
		fmt.Fprintf(w, "  --%s%s  (%s)\n      %s", f.Name, typ, envName(f.Name), text)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// location loads the --tz time zone.
func (c *config) location() (*time.Location, error) {
	loc, err := time.LoadLocation(c.TZ)
	if err != nil {
		return nil, fmt.Errorf("--tz %q is not a time zone (like America/Los_Angeles)", c.TZ)
	}
	return loc, nil
}

// logger returns the structured logger the flags ask for, writing to w.
func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", c.LogFormat)
}

// flagResult turns a parseFlags error into the command's exit: 0 after help,
// 2 with one line for a bad flag or variable; done is false when there was
// no error and the command should go on.
func flagResult(cmd string, err error, stderr io.Writer) (code int, done bool) {
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, errHelp):
		return exitOK, true
	}
	return fail(stderr, exitUsage, "%s: %v (try 'emessage help %s')", cmd, err, cmd), true
}
