#!/bin/bash
# Rebuild the portal's trimmed Bootstrap and Chart.js in static/vendor/ from their npm sources:
# the versions pinned in scripts/vendor/package-lock.json, the components chosen in
# scripts/vendor/bootstrap.scss, collapse.js and chart.js. Needs Node.js and npm at build time
# only; the portal serves the committed results itself (no CDN, no Node at run time).
# The same lock gives the same files: run it and `git diff static/vendor` shows nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sources="$root/scripts/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$sources"/package.json "$sources"/package-lock.json "$sources"/bootstrap.scss \
  "$sources"/collapse.js "$sources"/chart.js "$work"/
cd "$work"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
bootstrap="$root/static/vendor/bootstrap"
chartjs="$root/static/vendor/chartjs"
npx sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
  --silence-deprecation=import,global-builtin,color-functions \
  bootstrap.scss "$bootstrap/bootstrap.min.css"
version="$(node -p 'require("bootstrap/package.json").version')"
npx esbuild collapse.js --bundle --minify --format=iife --target=es2019 --log-level=warning \
  --banner:js="/*! Bootstrap v$version collapse (https://getbootstrap.com/), MIT licence: LICENSE */" \
  --outfile="$bootstrap/collapse.min.js"
npx esbuild chart.js --bundle --minify --format=iife --target=es2019 --log-level=warning \
  --outfile="$chartjs/chart.min.js"
cp node_modules/bootstrap/LICENSE "$bootstrap/LICENSE"
cp node_modules/chart.js/LICENSE.md "$chartjs/LICENSE.md"
ls -l "$bootstrap" "$chartjs"
