#!/usr/bin/env bash
# first-build.sh [BUILD FLAGS...]: time a newcomer's first build of the
# server from empty Go caches, in three phases: the Go release go.mod names
# (fetched once by any other Go), the modules the server needs, and the
# compile and link. The caches are private and thrown away afterwards, so
# the machine's own caches are neither used nor cleared. TRACE=FILE keeps
# go build's -debug-trace (Chrome trace format: which package took how long).
# The CPU seconds say more than the wall clock on a machine shared with
# other work. CGO_ENABLED=0 and the flags of the Makefile (BUILD_FLAGS) make
# it the build of make run.
# The figures are in docs/PERFORMANCE.md, "First build".
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/emessage-first-build.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GOCACHE=$tmp/cache GOMODCACHE=$tmp/mod GOPATH=$tmp/gopath

now() { date +%s.%N; }
phase() { # phase NAME CMD...: run CMD, print NAME, its seconds and the CPU seconds it used
	local name=$1
	shift
	TIMEFORMAT="$(printf '%-10s' "$name") %1R s  (CPU %1U s user, %1S s system)"
	time "$@" >/dev/null
}
trace=()
if [ -n "${TRACE:-}" ]; then
	trace=(-debug-trace="$TRACE")
fi
total=$(now)
phase toolchain go version
phase modules go list -deps ./cmd/emessage
phase compile go build "${trace[@]}" "$@" -o "$tmp/emessage" ./cmd/emessage
awk -v s="$total" -v e="$(now)" 'BEGIN { printf "%-10s %6.1f s\n", "total", e - s }'
printf '%-10s %6.1f MB\n' binary "$(awk -v b="$(stat -c %s "$tmp/emessage")" 'BEGIN { print b / 1e6 }')"
