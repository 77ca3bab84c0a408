#!/usr/bin/env bash
# test-deps.sh: make sure this machine has what "make test" needs, beyond Go:
#
#   gcc              the C compiler behind go test -race
#   PostgreSQL       initdb and pg_ctl, for the throwaway server of
#                    scripts/with-postgres.sh (the PostgreSQL half of the suite)
#   Chromium         the browser tests of the worker site and the portal
#   systemd-analyze  the check of deploy/emessage.service
#   Noto fonts       the scripts of the portal's languages that the machine
#                    has no font for (Arabic, CJK, Devanagari, Gurmukhi,
#                    Khmer, Lao, Thai), so the browser tests' screenshots
#                    show words, not boxes (fonts-noto-core, fonts-noto-cjk)
#   Export fonts     the TrueType fonts the case file export (PDF) writes each
#                    script in (fonts-noto-core, and fonts-droid-fallback for
#                    Chinese, Japanese and Korean: docs/EXPORT.md)
#   pdftotext        poppler's PDF reader, with which the tests read the
#                    exports back (poppler-utils)
#
# On Debian or Ubuntu as root it installs what is missing (apt-get update
# first, non-interactive, only the missing packages); "make test" and
# .ci/run call it before testing. Otherwise it names what is missing, gives
# the one command that installs it, and exits 1, so that no test runs with a
# part of the suite silently left out. "make test-quick" tests without
# PostgreSQL, Chromium and systemd-analyze instead, and says so.
set -euo pipefail

# need NAME PACKAGE WHY: one missing thing, its Debian package, and why.
names=() pkgs=() whys=()
need() { names+=("$1"); pkgs+=("$2"); whys+=("$3"); }

have_pg() {
	[ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ] && return 0
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
	command -v initdb >/dev/null && command -v pg_ctl >/dev/null
}
have_chromium() {
	[ -n "${EMESSAGE_CHROMIUM:-}" ] && [ -x "$EMESSAGE_CHROMIUM" ] && return 0
	local b
	for b in chromium chromium-browser google-chrome chrome-headless-shell; do
		command -v "$b" >/dev/null && return 0
	done
	return 1
}

# Ubuntu ships Chromium as a snap; its apt package only installs the snap.
chromium_pkg=chromium
if [ -r /etc/os-release ] && grep -qi '^ID=ubuntu' /etc/os-release; then
	chromium_pkg=chromium-browser
fi

command -v "${CC:-gcc}" >/dev/null || need gcc gcc "the C compiler that go test -race needs"
have_pg || need PostgreSQL postgresql "the PostgreSQL half of the store and end-to-end tests"
have_chromium || need Chromium "$chromium_pkg" "the browser tests of the worker site and the portal"
command -v systemd-analyze >/dev/null || need systemd-analyze systemd "the check of deploy/emessage.service"
# have_font LANG: fontconfig has a font for the language's script.
have_font() { command -v fc-list >/dev/null && [ -n "$(fc-list ":lang=$1" family 2>/dev/null | head -1)" ]; }
for l in ar km hi pa lo th; do
	have_font "$l" || { need "Noto fonts" fonts-noto-core "the portal's screenshots in Arabic, Khmer, Hindi, Punjabi, Lao and Thai"; break; }
done
have_font zh-tw || need "Noto CJK fonts" fonts-noto-cjk "the portal's screenshots in Chinese, Japanese and Korean"
# have_file NAME: a font file of that name under /usr/share/fonts.
have_file() { [ -n "$(find /usr/share/fonts -name "$1" -print -quit 2>/dev/null)" ]; }
for f in NotoSans-Regular.ttf NotoNaskhArabic-Regular.ttf NotoSansKhmer-Regular.ttf; do
	have_file "$f" || { need "Noto fonts" fonts-noto-core "the case file export's fonts"; break; }
done
have_file DroidSansFallbackFull.ttf || need "Droid fallback font" fonts-droid-fallback "the case file export in Chinese, Japanese and Korean"
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
	need pdftotext poppler-utils "reading the case file exports back in the tests"

if [ ${#names[@]} -eq 0 ]; then
	exit 0
fi

list() { local IFS=,; echo "${names[*]}" | sed 's/,/, /g'; }
install_cmd="apt-get install -y ${pkgs[*]}"

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	echo "test-deps: installing what the tests need: $(list) (apt-get install ${pkgs[*]}; a few minutes)" >&2
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp "${TMPDIR:-/tmp}/test-deps.XXXXXX")
	if ! { apt-get update && apt-get install -y "${pkgs[@]}"; } >"$log" 2>&1; then
		tail -30 "$log" >&2
		echo "test-deps: apt-get failed (the whole log: $log)" >&2
		exit 1
	fi
	rm -f "$log"
	exit 0
fi

{
	echo "test-deps: make test needs what this machine lacks:"
	for i in "${!names[@]}"; do
		printf '  %-16s %s\n' "${names[$i]}" "${whys[$i]}"
	done
	if command -v apt-get >/dev/null; then
		echo "Install with this one command, then run make test again:"
		echo "  sudo $install_cmd"
	else
		echo "Install it with your system's packages (on Debian or Ubuntu: $install_cmd),"
		echo "or point EMESSAGE_CHROMIUM at a Chrome binary and PG_BINDIR at PostgreSQL's bin directory."
	fi
	echo "Or run make test-quick: SQLite only, without the browser tests, and it says what it left out."
} >&2
exit 1
