#!/usr/bin/env bash
# image-context.sh BINARY DIR: lay out the build context of deploy/Dockerfile
# in DIR (emptied first): the static binary, this machine's CA certificates,
# time zones and the case file export's fonts, an /etc/passwd with the non-root user, an empty /data, and
# the Dockerfile. The Dockerfile only copies from it, FROM scratch, so that
# docker build needs no network and pulls no base image.
set -euo pipefail
if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY DIR" >&2
	exit 2
fi
bin=$1 dir=$2
cd "$(dirname "$0")/.."

certs=/etc/ssl/certs/ca-certificates.crt
zones=/usr/share/zoneinfo
for f in "$certs" "$zones/America/Los_Angeles"; do
	if [ ! -e "$f" ]; then
		echo "image-context: $f is missing (on Debian or Ubuntu: apt-get install ca-certificates tzdata)" >&2
		exit 1
	fi
done

rm -rf "$dir"
mkdir -p "$dir/etc/ssl/certs" "$dir/usr/share" "$dir/usr/local/bin" "$dir/data"
cp "$bin" "$dir/emessage"
cp "$certs" "$dir/etc/ssl/certs/"
# The time zones without their duplicate trees (posix/, right/): the binary
# embeds them too (time/tzdata), this is for the tools of a debugging shell.
cp -R "$zones" "$dir/usr/share/zoneinfo"
rm -rf "$dir/usr/share/zoneinfo/posix" "$dir/usr/share/zoneinfo/right"
# The TrueType fonts of the case file export (casefile/fonts.go, the first
# choice of each script), where --font-dir looks by default.
fonts="NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSansArmenian-Regular.ttf NotoNaskhArabic-Regular.ttf
NotoSansDevanagari-Regular.ttf NotoSansGurmukhi-Regular.ttf NotoSansKhmer-Regular.ttf NotoSansLao-Regular.ttf
NotoSansThai-Regular.ttf DroidSansFallbackFull.ttf"
mkdir -p "$dir/usr/share/fonts/truetype/emessage"
for f in $fonts; do
	src=$(find /usr/share/fonts -name "$f" -print -quit 2>/dev/null)
	if [ -z "$src" ]; then
		echo "image-context: the font $f is missing (on Debian or Ubuntu: apt-get install fonts-noto-core fonts-droid-fallback)" >&2
		exit 1
	fi
	cp "$src" "$dir/usr/share/fonts/truetype/emessage/"
done
printf 'root:x:0:0:root:/:/sbin/nologin\nemessage:x:10001:10001:e-Messages:/data:/sbin/nologin\n' >"$dir/etc/passwd"
printf 'root:x:0:\nemessage:x:10001:\n' >"$dir/etc/group"
cp deploy/Dockerfile "$dir/Dockerfile"

# Every COPY of the Dockerfile must find its source here.
awk '$1 == "COPY" { print $(NF-1) }' "$dir/Dockerfile" | while read -r src; do
	if [ ! -e "$dir/$src" ]; then
		echo "image-context: the Dockerfile copies $src, which is not in $dir" >&2
		exit 1
	fi
done
echo "image-context: $dir is ready ($(du -sh "$dir" | cut -f1)): docker build -t emessage $dir"
