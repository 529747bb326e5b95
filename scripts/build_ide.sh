#!/usr/bin/env bash
# Rebuild the GraphQL IDE into graph/static/ide from ide/, with the npm packages the lock file
# pins. The build is deterministic, so CI can run this and then
# `git diff --exit-code graph/static/ide` to check that the committed build is up to date.
set -euo pipefail
cd "$(dirname "$0")/../ide"
npm ci --no-audit --no-fund
npm run build
