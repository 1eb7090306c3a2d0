#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a temporary directory,
# a free port on loopback, DATABASE_URL exported, and the server stopped and removed
# afterwards, even when the command fails.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bindir/initdb" ]] || { echo "PostgreSQL server binaries not found (run make install-test)" >&2; exit 1; }

datadir=$(mktemp -d /tmp/cip-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the server as the postgres system user.
as_pg=() pg_user=""
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$datadir"
  as_pg=(runuser -u postgres --) pg_user=postgres
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w start \
  -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
# For the fault tests (tests/test_faults.py), which restart this server under load.
export CIP_PG_BINDIR="$bindir" CIP_PG_DATADIR="$datadir/data" CIP_PG_USER="$pg_user"
"$@"
