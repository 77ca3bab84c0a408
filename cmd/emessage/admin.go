package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
)

// The operator's commands on people's sign-ins, run on the server's machine
// (with the service's settings, so that --db is the service's database):
//
//	emessage worker  [--db URL] disable|enable|reset-mfa NAME
//	emessage account [--db URL] disable|enable|set-password NAME
//
// The rules, the audit entries and the ending of sessions are the Service's
// (service_admin.go); this is the command line around them.

const (
	workerSynopsis  = "worker [--db URL] disable|enable|reset-mfa NAME"
	accountSynopsis = "account [--db URL] disable|enable|set-password NAME"
)

func newAdminFlags(name string, c *config) *flag.FlagSet {
	fs := newFlagSet(name)
	storageFlags(fs, c)
	return fs
}

// adminAction is one subcommand: what it does, and its sentence when done.
type adminAction struct {
	do   func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, stdin io.Reader) (emessage.AdminResult, error)
	done string // "Worker %s is disabled", with the name
	same string // "Worker %s was already disabled"
}

var workerActions = map[string]adminAction{
	"disable": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, _ io.Reader) (emessage.AdminResult, error) {
		return svc.DisableWorker(ctx, by, name)
	}, "Worker %s is disabled: they can no longer sign in", "Worker %s was already disabled"},
	"enable": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, _ io.Reader) (emessage.AdminResult, error) {
		return svc.EnableWorker(ctx, by, name)
	}, "Worker %s is enabled: they can sign in again", "Worker %s was not disabled"},
	"reset-mfa": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, _ io.Reader) (emessage.AdminResult, error) {
		return svc.ResetWorkerMFA(ctx, by, name)
	}, "Worker %s signs in with their password alone now (their authenticator app and recovery codes are forgotten)",
		"Worker %s has no authenticator app: nothing to reset"},
}

var accountActions = map[string]adminAction{
	"disable": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, _ io.Reader) (emessage.AdminResult, error) {
		return svc.DisableAccount(ctx, by, name)
	}, "Account %s is disabled: they can no longer sign in to the portal", "Account %s was already disabled"},
	"enable": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, _ io.Reader) (emessage.AdminResult, error) {
		return svc.EnableAccount(ctx, by, name)
	}, "Account %s is enabled: they can sign in again", "Account %s was not disabled"},
	"set-password": {func(ctx context.Context, svc *emessage.Service, by emessage.Operator, name string, stdin io.Reader) (emessage.AdminResult, error) {
		pw, err := readPassword(stdin, name)
		if err != nil {
			return emessage.AdminResult{}, err
		}
		return svc.SetAccountPassword(ctx, by, name, pw)
	}, "Account %s has a new password", ""},
}

// workerCmd is "emessage worker ...".
func workerCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return adminCmd(ctx, "worker", workerSynopsis, workerActions, args, stdin, stdout, stderr)
}

// accountCmd is "emessage account ...".
func accountCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return adminCmd(ctx, "account", accountSynopsis, accountActions, args, stdin, stdout, stderr)
}

func adminCmd(ctx context.Context, cmd, synopsis string, actions map[string]adminAction,
	args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c config
	rest, err := parseFlags(newAdminFlags(cmd, &c), &c, args, stdout, synopsis)
	if code, done := flagResult(cmd, err, stderr); done {
		return code
	}
	if len(rest) != 2 {
		return fail(stderr, exitUsage, "%s: give what to do and to whom: emessage %s (flags first)", cmd, synopsis)
	}
	verb, name := rest[0], rest[1]
	action, ok := actions[verb]
	if !ok {
		return fail(stderr, exitUsage, "%s: unknown action %q: emessage %s", cmd, verb, synopsis)
	}
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	svc := emessage.NewService(store, nil, password.New())
	res, err := action.do(ctx, svc, operator(), name, stdin)
	if err != nil {
		return fail(stderr, exitError, "%s %s %s: %s", cmd, verb, name, describe(err))
	}
	switch {
	case !res.Changed:
		fmt.Fprintf(stdout, action.same+".\n", name)
	case res.SessionsEnded > 0:
		fmt.Fprintf(stdout, action.done+"; %s ended.\n", name, plural(res.SessionsEnded, "session"))
	default:
		fmt.Fprintf(stdout, action.done+".\n", name)
	}
	return exitOK
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// operator names the person running the command, for the audit trail: the
// one behind sudo when there is one, else the operating-system user.
func operator() emessage.Operator {
	if u := os.Getenv("SUDO_USER"); u != "" {
		return emessage.Operator(u)
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return emessage.Operator(u.Username)
	}
	if u := os.Getenv("USER"); u != "" {
		return emessage.Operator(u)
	}
	return "operator"
}

// readPassword reads one line from stdin: typed at a terminal (without
// echo, after a prompt on stderr) or piped in by a script.
func readPassword(stdin io.Reader, name string) (string, error) {
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintf(os.Stderr, "New password for %s: ", name)
		if echo(f, false) == nil {
			defer func() { echo(f, true); fmt.Fprintln(os.Stderr) }()
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", emessage.FieldError(emessage.EInvalid, "password", "Give the new password on standard input, on one line.")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// echo turns the terminal's echo off or on, with stty.
func echo(tty *os.File, on bool) error {
	arg := "-echo"
	if on {
		arg = "echo"
	}
	cmd := exec.Command("stty", arg)
	cmd.Stdin = tty
	return cmd.Run()
}
