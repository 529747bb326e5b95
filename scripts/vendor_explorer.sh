#!/usr/bin/env bash
# Copy the explorer's two front-end libraries from npm into graph/static/explorer/vendor.
# To update: change a version below, run this script, run the browser tests, commit the result.
# Nothing is built: the files are the packages' own ES modules, with one change, the hooks
# module importing Preact by relative path (browsers resolve no bare names without an
# import map, and an import map would be an inline script), and no source-map comments.
set -euo pipefail
PREACT_VERSION=11.2.0
HTM_VERSION=3.1.1
vendor="$(cd "$(dirname "$0")/../graph/static/explorer/vendor" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "preact@$PREACT_VERSION" "htm@$HTM_VERSION" >/dev/null
mkdir preact htm
tar xzf "preact-$PREACT_VERSION.tgz" -C preact
tar xzf "htm-$HTM_VERSION.tgz" -C htm
header() { printf '/* %s@%s (%s), vendored by scripts/vendor_explorer.sh */\n' "$@"; }
strip() { sed -e '/^\/\/# sourceMappingURL=/d' "$@"; }
{ header preact "$PREACT_VERSION" MIT; strip preact/package/dist/preact.mjs; } >"$vendor/preact.js"
{ header preact/hooks "$PREACT_VERSION" MIT
  strip -e 's/from"preact"/from"\.\/preact.js"/' preact/package/hooks/dist/hooks.mjs; } >"$vendor/hooks.js"
{ header htm "$HTM_VERSION" Apache-2.0; strip htm/package/dist/htm.module.js; } >"$vendor/htm.js"
grep -q 'from"./preact.js"' "$vendor/hooks.js"
{
  echo "Third-party software vendored in the exgraph explorer"
  echo
  echo "preact@$PREACT_VERSION (MIT), preact.js and hooks.js"
  echo
  cat preact/package/LICENSE
  echo
  echo "htm@$HTM_VERSION (Apache-2.0), htm.js"
  echo
  cat htm/package/LICENSE
} >"$vendor/LICENSES.txt"
echo "vendored preact@$PREACT_VERSION and htm@$HTM_VERSION into $vendor"
