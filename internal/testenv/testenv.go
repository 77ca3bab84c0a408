// Package testenv decides what a test does when this machine lacks a
// program it needs (PostgreSQL, Chromium, systemd-analyze): it fails, with
// the way to install it, unless the person running the tests asked for less
// by name in EMESSAGE_TEST_SKIP (make test-quick does). Under CI nothing may
// be skipped. So "make test" never ends green with a part left out.
package testenv

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// EnvSkip names the variable listing what may be left out, comma-separated:
// "postgres", "chromium", "systemd".
const EnvSkip = "EMESSAGE_TEST_SKIP"

// SkipAllowed reports whether the tests may run without what: it is named
// in EMESSAGE_TEST_SKIP and CI is not set.
func SkipAllowed(what string) bool {
	if os.Getenv("CI") != "" {
		return false
	}
	return slices.Contains(strings.Split(os.Getenv(EnvSkip), ","), what)
}

// Missing ends a test that needs what, which this machine lacks (why says
// what it is): a skip when it was asked for by name, a failure otherwise.
func Missing(tb testing.TB, what, why string) {
	tb.Helper()
	if SkipAllowed(what) {
		tb.Skipf("%s: %s; skipped (%s=%s)", what, why, EnvSkip, os.Getenv(EnvSkip))
	}
	tb.Fatalf("%s: %s. make test sets it up or says how (scripts/test-deps.sh); "+
		"make test-quick leaves it out", what, why)
}
