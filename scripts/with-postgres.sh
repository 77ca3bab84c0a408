#!/usr/bin/env bash
# with-postgres.sh CMD [ARGS...]: run CMD with a throwaway PostgreSQL server.
#
# The server lives in a new temporary directory (initdb), listens on a free
# loopback port only, trusts local connections, and is stopped and removed
# when CMD ends; CMD sees its URL in EMESSAGE_TEST_POSTGRES_URL, so the
# store and end-to-end tests run on PostgreSQL as well as on SQLite. It runs
# as the "postgres" user when started as root (PostgreSQL refuses root).
#
# Without PostgreSQL's binaries (initdb, pg_ctl: Debian's "postgresql"
# package, or PG_BINDIR=...) it fails: scripts/test-deps.sh installs them,
# and "make test-quick" is the way to test on SQLite only.
# With EMESSAGE_TEST_POSTGRES_URL already set, CMD runs on that server.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi
if [ -n "${EMESSAGE_TEST_POSTGRES_URL:-}" ]; then
	exec "$@"
fi

find_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return
	fi
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return
		fi
	done
	if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		dirname "$(command -v initdb)"
	fi
}

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "with-postgres: PostgreSQL is not installed (no initdb): scripts/test-deps.sh installs it" \
		"(apt-get install postgresql); make test-quick tests on SQLite only" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/emessage-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	if ! id postgres >/dev/null 2>&1; then
		echo "with-postgres: running as root and there is no 'postgres' user to run the server as" >&2
		exit 1
	fi
	chown postgres: "$tmp"
	as_pg=(runuser -u postgres --)
fi

# The server's commands run from its own directory: the postgres user may
# not be allowed into the one this script was started from.
pg() { (cd "$tmp" && "${as_pg[@]}" "$@"); }

stop() {
	pg "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

pg "$bindir/initdb" -D "$tmp/data" -U emessage --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
	>"$tmp/initdb.log" 2>&1 || {
	cat "$tmp/initdb.log" >&2
	exit 1
}

# A free port: ask the kernel for one, then start; try again if another
# process took it in between.
free_port() {
	if command -v python3 >/dev/null; then
		python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
	else
		local p
		while :; do
			p=$((20000 + RANDOM % 40000))
			if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
				echo "$p"
				return
			fi
		done
	fi
}

# Durability settings off: the server is thrown away after the tests. With
# PG_DURABLE=1 (benchmarks) they stay as in production.
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ -n "${PG_DURABLE:-}" ]; then
	durability="-c shared_buffers=1GB"
fi
started=
for _ in 1 2 3 4 5; do
	port=$(free_port)
	if pg "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
		-o "-p $port -c listen_addresses=127.0.0.1 -k $tmp -c max_connections=400 $durability" \
		start >/dev/null; then
		started=1
		break
	fi
done
if [ -z "$started" ]; then
	echo "with-postgres: the PostgreSQL server did not start:" >&2
	tail -20 "$tmp/server.log" >&2
	exit 1
fi

export EMESSAGE_TEST_POSTGRES_URL="postgres://emessage@127.0.0.1:$port/postgres?sslmode=disable"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for: $*" >&2
set +e
"$@"
status=$?
set -e
exit $status
