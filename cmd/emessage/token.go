package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/password"
	"github.com/county/emessage/sqlstore"
)

// The county systems' tokens (SPEC 15), made and ended by the operator on
// the server's machine:
//
//	emessage token create [--db URL] --system NAME [--county CODE]
//	emessage token list   [--db URL]
//	emessage token revoke [--db URL] NAME

const tokenSynopsis = "token create --system NAME [--county CODE] | token list | token revoke NAME   (each with [--db URL])"

type tokenOptions struct {
	system, county string
}

func newTokenFlags(verb string, c *config, o *tokenOptions) *flag.FlagSet {
	fs := newFlagSet("token " + verb)
	storageFlags(fs, c)
	if verb == "create" {
		fs.StringVar(&o.system, "system", "", "the system's name, as the audit trail will show it (case-system, dms)")
		fs.StringVar(&o.county, "county", "", "the one county the token may touch (its code); unset: every county")
	}
	return fs
}

// tokenCmd is "emessage token ...".
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return fail(stderr, exitUsage, "token: say what to do: emessage %s", tokenSynopsis)
	}
	verb := args[0]
	if verb != "create" && verb != "list" && verb != "revoke" {
		return fail(stderr, exitUsage, "token: unknown action %q: emessage %s", verb, tokenSynopsis)
	}
	var c config
	var o tokenOptions
	rest, err := parseFlags(newTokenFlags(verb, &c, &o), &c, args[1:], stdout, tokenSynopsis)
	if code, done := flagResult("token", err, stderr); done {
		return code
	}
	want := map[string]int{"create": 0, "list": 0, "revoke": 1}[verb]
	if len(rest) != want {
		return fail(stderr, exitUsage, "token %s: unexpected arguments %q: emessage %s", verb, rest, tokenSynopsis)
	}
	if verb == "create" && o.system == "" {
		return fail(stderr, exitUsage, "token create: name the system: --system NAME")
	}
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	svc := emessage.NewService(store, nil, password.New())
	switch verb {
	case "create":
		token, err := svc.CreateSystemToken(ctx, operator(), o.system, o.county)
		if err != nil {
			return fail(stderr, exitError, "token create: %s", describe(err))
		}
		fmt.Fprintf(stderr, "A token for %s (%s). It is shown this once: keep it in the system's secret store.\n",
			o.system, tokenScope(o.county))
		fmt.Fprintln(stdout, token)
	case "list":
		tokens, err := svc.SystemTokens(ctx)
		if err != nil {
			return fail(stderr, exitError, "token list: %s", describe(err))
		}
		printTokens(stdout, tokens)
	case "revoke":
		if err := svc.RevokeSystemToken(ctx, operator(), rest[0]); err != nil {
			return fail(stderr, exitError, "token revoke: %s", describe(err))
		}
		fmt.Fprintf(stdout, "The token of %s is revoked: its next request is refused.\n", rest[0])
	}
	return exitOK
}

func printTokens(w io.Writer, tokens []emessage.SystemToken) {
	if len(tokens) == 0 {
		fmt.Fprintln(w, "No system tokens yet: emessage token create --system NAME [--county CODE].")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SYSTEM\tCOUNTY\tCREATED\tLAST USED\tSTATE")
	for _, t := range tokens {
		state := "live"
		if !t.Live() {
			state = "revoked " + t.RevokedAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, tokenScope(t.County), t.CreatedAt.Local().Format(time.DateTime),
			orNever(t.LastUsedAt), state)
	}
	tw.Flush()
}

func tokenScope(county string) string {
	if county == "" {
		return "every county"
	}
	return "county " + county
}

func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format(time.DateTime)
}
