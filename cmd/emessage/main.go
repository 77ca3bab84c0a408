// Command emessage runs the e-Messages service: secure messages between
// county benefits workers and their customers.
//
//	emessage serve [flags]            run the web service
//	emessage import [--db URL] FILE   load counties, workers, accounts, forms, cases and messages
//	emessage migrate [--db URL]       bring the database schema up to date
//	emessage copy --from URL --to URL copy a whole database into an empty one
//	emessage backup --to DIR          a consistent copy of the database and uploads
//	emessage restore --from DIR       put a backup into an empty database
//	emessage worker disable|enable|reset-mfa NAME
//	emessage account disable|enable|set-password NAME
//	emessage token create|list|revoke  the county systems' tokens
//	emessage archive                  move old closed threads to the archive
//	emessage version                  print the version
//
// Every flag can also be set by its EMESSAGE_* environment variable; a flag
// given on the command line wins.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed
	exitUsage = 2 // the command line is wrong
)

// run is the whole program behind main, so that tests can call it: it
// returns the exit code. Canceling ctx stops a running server.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return fail(stderr, exitUsage, "no command given (try 'emessage help')")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "import":
		return importFile(ctx, rest, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, stdout, stderr)
	case "copy":
		return copyDB(ctx, rest, stdout, stderr)
	case "gen":
		return gen(ctx, rest, stdout, stderr)
	case "bench":
		return benchCmd(ctx, rest, stdout, stderr)
	case "backup":
		return backup(ctx, rest, stdout, stderr)
	case "restore":
		return restore(ctx, rest, stdout, stderr)
	case "worker":
		return workerCmd(ctx, rest, os.Stdin, stdout, stderr)
	case "account":
		return accountCmd(ctx, rest, os.Stdin, stdout, stderr)
	case "token":
		return tokenCmd(ctx, rest, stdout, stderr)
	case "archive":
		return archiveCmd(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "emessage %s (%s)\n", version, runtime.Version())
		return exitOK
	case "help", "--help", "-help", "-h":
		return help(rest, stdout, stderr)
	}
	return fail(stderr, exitUsage, "unknown command %q (try 'emessage help')", cmd)
}

const usage = `emessage: secure messages between county benefits workers and customers.

Usage:
  emessage serve [flags]            run the web service (worker site, portal, API)
  emessage import [--db URL] FILE   load an import file (counties, workers, accounts, forms, cases, messages)
  emessage migrate [--db URL]       bring the database schema up to date
  emessage copy --from URL --to URL copy a whole database into an empty one (SQLite to PostgreSQL)
  emessage gen [--size S]           fill an empty database with a generated state-sized dataset
  emessage bench [flags]            measure the API and the bare database on that dataset
  emessage backup --to DIR          copy the database and the uploads, with checksums, while serving
  emessage restore --from DIR       put a backup into an empty database and data directory
  emessage worker [--db URL] disable|enable|reset-mfa NAME
                                    stop or allow a worker's sign-ins, or forget their authenticator app
  emessage account [--db URL] disable|enable|set-password NAME
                                    stop or allow a customer's sign-ins, or set their password (from stdin)
  emessage token create [--db URL] --system NAME [--county CODE]
                                    a token for a county system (case-system sync, notices); printed once
  emessage token list|revoke [--db URL] [NAME]
                                    the systems' tokens, or end one at once
  emessage archive [--db URL]       move closed threads past each county's retention_years to the archive
  emessage version                  print the version
  emessage help [command]           show this help, or a command's flags

Every flag can also be set by its EMESSAGE_* environment variable
(--mail-dir is EMESSAGE_MAIL_DIR); a flag on the command line wins.
Flags come before the file name.
`

func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	switch args[0] {
	case "serve":
		printUsage(stdout, "serve [flags]", newServeFlags(&config{}))
	case "import":
		printUsage(stdout, "import [--db URL] FILE", newImportFlags(&config{}))
	case "migrate":
		printUsage(stdout, "migrate [--db URL]", newMigrateFlags(&config{}))
	case "copy":
		printUsage(stdout, copySynopsis, newCopyFlags(&copyOptions{}))
	case "gen":
		printUsage(stdout, genSynopsis, newGenFlags(&config{}, &genOptions{}))
	case "bench":
		printUsage(stdout, benchSynopsis, newBenchFlags(&config{}, &benchOptions{}))
	case "backup":
		printUsage(stdout, backupSynopsis, newBackupFlags(&backupOptions{}))
	case "restore":
		printUsage(stdout, restoreSynopsis, newRestoreFlags(&restoreOptions{}))
	case "worker":
		printUsage(stdout, workerSynopsis, newAdminFlags("worker", &config{}))
	case "account":
		printUsage(stdout, accountSynopsis, newAdminFlags("account", &config{}))
	case "token":
		printUsage(stdout, tokenSynopsis, newTokenFlags("create", &config{}, &tokenOptions{}))
	case "archive":
		printUsage(stdout, archiveSynopsis, newMigrateFlags(&config{}))
	case "version", "help":
		fmt.Fprint(stdout, usage)
	default:
		return fail(stderr, exitUsage, "unknown command %q (try 'emessage help')", args[0])
	}
	return exitOK
}

// fail prints one line, "emessage: ...", to stderr and returns code.
func fail(stderr io.Writer, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", "; ")), " ")
	fmt.Fprintln(stderr, "emessage: "+msg)
	return code
}
