#!/usr/bin/env bash
# Compiles GOV.UK Frontend with Arial and /static/ asset paths (no GOV.UK branding) and
# vendors axe-core for the accessibility tests. Run by `make assets`; the output is committed.
set -euo pipefail
cd "$(dirname "$0")/../assets"
npm ci --no-audit --no-fund --ignore-scripts
out=../static/govuk
rm -rf "$out" && mkdir -p "$out/assets"
npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps cip.scss "$out/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
cp -r node_modules/govuk-frontend/dist/govuk/assets/images "$out/assets/"
version=$(node -p 'require("govuk-frontend/package.json").version')
echo "govuk-frontend $version, compiled by scripts/build-assets.sh" > "$out/VERSION"
cp node_modules/axe-core/axe.min.js ../tests/browser/axe.min.js
echo "Built static/govuk from govuk-frontend $version; axe-core $(node -p 'require("axe-core/package.json").version')"
