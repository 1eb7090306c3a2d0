#!/usr/bin/env bash
# make backup: a pg_dump (custom format) of DATABASE_URL into backups/ (or the path given).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the postgres:// database to back up}"
out=${1:-backups/cip-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$DATABASE_URL"
echo "Backed up to $out ($(du -h "$out" | cut -f1))"
