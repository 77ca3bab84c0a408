// Package testenv decides what a test does that needs a program from outside
// Go (PostgreSQL, Chromium, systemd-analyze): it is skipped when the person
// running the tests left that program out by name in EMESSAGE_TEST_SKIP
// (make test-quick does), and otherwise fails when this machine lacks it,
// saying how to get it. Under CI nothing is left out. So "make test" never
// ends green with a part of the suite skipped.
package testenv

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// EnvSkip names the variable listing what to leave out, comma-separated:
// "postgres", "chromium", "systemd".
const EnvSkip = "EMESSAGE_TEST_SKIP"

// LeftOut reports whether the tests needing what are to be skipped: it is
// named in EMESSAGE_TEST_SKIP and CI is not set.
func LeftOut(what string) bool {
	if os.Getenv("CI") != "" {
		return false
	}
	return slices.Contains(strings.Split(os.Getenv(EnvSkip), ","), what)
}

// Need skips the test when what was left out, and fails it when this
// machine lacks it (have is false; why says what is missing).
func Need(tb testing.TB, what string, have bool, why string) {
	tb.Helper()
	if LeftOut(what) {
		tb.Skipf("%s left out (%s=%s)", what, EnvSkip, os.Getenv(EnvSkip))
	}
	if !have {
		tb.Fatalf("%s: %s. make test sets it up or says how (scripts/test-deps.sh); "+
			"make test-quick leaves it out", what, why)
	}
}
