#!/usr/bin/env bash
# make assets: regenerate the pages' vendored files from their npm packages.
#   web/page/static/css/uswds.css   USWDS compiled from web/page/assets/uswds.scss
#   web/page/static/fonts, img      only the fonts and icons that CSS refers to
#   web/testdata/axe.min.js    axe-core, injected by the browser tests only
# The results are committed, so `make run` and `make test` need no npm.
set -euo pipefail

USWDS_VERSION=3.14.0
SASS_VERSION=1.108.2
AXE_VERSION=4.14.1

web="$(cd "$(dirname "$0")/.." && pwd)"
static="$web/static"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "@uswds/uswds@$USWDS_VERSION" "sass@$SASS_VERSION" "axe-core@$AXE_VERSION"
uswds="$tmp/node_modules/@uswds/uswds"

npx sass --load-path="$uswds/packages" --style=compressed --no-source-map --quiet \
  "$web/assets/uswds.scss" "$tmp/uswds.css"
{
  printf '/*! U.S. Web Design System %s (https://designsystem.digital.gov), public domain (CC0) with fonts under the SIL OFL 1.1 and icons under Apache 2.0: see web/page/assets/USWDS-LICENSE.md. Built by make assets from web/page/assets/uswds.scss; do not edit. */\n' "$USWDS_VERSION"
  # Sass starts non-ASCII output with a byte order mark, which must not
  # end up after the banner, in the middle of the file.
  sed '1s/^\xEF\xBB\xBF//' "$tmp/uswds.css"
} >"$static/css/uswds.css"

# The fonts and images the stylesheet refers to, and nothing else.
rm -rf "$static/fonts" "$static/img/usa-icons" "$static/img/usa-icons-bg" "$static"/img/correct8*.svg "$static"/img/checkbox-indeterminate*.svg
grep -o 'url("\{0,1\}\.\./[^)"]*' "$static/css/uswds.css" | sed 's/^url("\{0,1\}\.\.\///' | sort -u | while read -r f; do
  mkdir -p "$static/$(dirname "$f")"
  cp "$uswds/dist/$f" "$static/$f"
done
# Icons the pages show as images: the portal's Language link.
for f in img/usa-icons/language.svg; do cp "$uswds/dist/$f" "$static/$f"; done
cp "$uswds/LICENSE.md" "$web/assets/USWDS-LICENSE.md"

cp "$tmp/node_modules/axe-core/axe.min.js" "$web/../testdata/axe.min.js"
echo "assets: USWDS $USWDS_VERSION, axe-core $AXE_VERSION"
