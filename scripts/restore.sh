#!/usr/bin/env bash
# make restore FILE=backups/x.dump: replaces the contents of DATABASE_URL with the backup.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the postgres:// database to restore into}"
file=${1:?give the backup file: make restore FILE=backups/cip-....dump}
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" "$file"
echo "Restored $file"
