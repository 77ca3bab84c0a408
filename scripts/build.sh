#!/usr/bin/env bash
# build.sh OUT [GO BUILD FLAGS...]: build the server (./cmd/emessage) into
# OUT, never silently: the first build of a machine compiles every
# dependency from source (the pure-Go SQLite above all) and takes a couple of
# minutes, so a line says so before it starts, and on a terminal one line
# below it follows the packages as they compile. Later builds take seconds.
# The binary is static (CGO_ENABLED=0: no C compiler needed, and the same
# build cache as the container image's). GO names the go command.
set -euo pipefail
if [ $# -lt 1 ]; then
	echo "usage: $0 OUT [GO BUILD FLAGS...]" >&2
	exit 2
fi
out=$1
shift
GO=${GO:-go}
export CGO_ENABLED=0
cd "$(dirname "$0")/.."

if [ ! -x "$out" ]; then
	echo "building e-Messages into $out: about 2 minutes the first time on 2 cores, seconds after" >&2
fi
if [ ! -t 2 ]; then
	exec "$GO" build "$@" -o "$out" ./cmd/emessage
fi

# go build -v names each package as it starts compiling it; anything else it
# prints (an error, a download) is shown as it is.
total=$("$GO" list -deps ./cmd/emessage | wc -l)
set +e
"$GO" build -v "$@" -o "$out" ./cmd/emessage 2>&1 | awk -v total="$total" '
	/^[A-Za-z0-9._~\/-]+$/ { n++; printf "\r\033[K  compiling %d of at most %d packages: %s", n, total, $0; shown = 1; fflush(); next }
	{ if (shown) printf "\r\033[K"; shown = 0; print; fflush() }
	END { if (shown) printf "\r\033[K" }' >&2
status=${PIPESTATUS[0]}
exit "$status"
