#!/usr/bin/env bash
# The load test (`make load`): run inside scripts/with-postgres.sh, which provides DATABASE_URL.
#
# Seeds the demo partnership plus a synthetic SSDA903 return (>= 10,000 placements), starts two
# gunicorn web nodes and a task worker sharing that PostgreSQL, puts nginx in front of them
# (deploy/nginx/cip.conf), runs locust headless through nginx, and prints the figures.
#
#   LOAD_USERS (50)  LOAD_SPAWN_RATE (0.5: a user starts and signs in every 2 seconds)
#   LOAD_SECONDS (300: how long all the users run together, once the last has signed in)
#   LOAD_EPISODES (9000 synthetic episodes on top of the demo's 3,510)
#   LOAD_THINK_MIN / LOAD_THINK_MAX (5 / 15 seconds between one person's pages)
#   WEB_CONCURRENCY (2 workers) and GUNICORN_THREADS (4 threads) per web node
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${DATABASE_URL:-}" ]] || { echo "Run me through scripts/with-postgres.sh" >&2; exit 2; }

users=${LOAD_USERS:-50}
export LOAD_SECONDS=${LOAD_SECONDS:-300}
seconds=$LOAD_SECONDS
spawn=${LOAD_SPAWN_RATE:-0.5}
# The locustfile stops the run LOAD_SECONDS after the last sign-in; this is only a backstop.
run_time=$((seconds + 1800))
episodes=${LOAD_EPISODES:-9000}
venv=$PWD/.venv/bin

work=$(mktemp -d /tmp/cip-load.XXXXXX)
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
cpu_seconds() {  # pid...: CPU time of each process, its live children and its reaped ones
  python3 - "$@" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
def fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
total = 0
for pid in map(int, sys.argv[1:]):
    try:
        own = fields(pid)
    except OSError:
        continue
    total += sum(int(x) for x in own[11:15])  # utime, stime, cutime, cstime
    for child in os.listdir("/proc"):
        if child.isdigit():
            try:
                stat = fields(child)
            except OSError:
                continue
            if int(stat[1]) == pid:
                total += int(stat[11]) + int(stat[12])
print(f"{total / tick:.0f}")
PY
}
machine_busy() {  # seconds of CPU the whole machine has spent busy, all processes
  awk '/^cpu / {print ($2 + $3 + $4 + $7 + $8) / 100}' /proc/stat
}
wait_for() {  # url, seconds
  python3 - "$1" "$2" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=2).read()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(f"Nothing answered at {sys.argv[1]}")
PY
}

# Production settings, over plain HTTP on loopback. OTP_REQUIRED=false: a script cannot type
# a TOTP code; every other check (sessions, lockout, CSP, history) stays on.
export DEBUG=false SECURE=false OTP_REQUIRED=false STATIC_MANIFEST=true
export ALLOWED_HOSTS=127.0.0.1,localhost TRUSTED_PROXIES=1
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
PSEUDONYM_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
DEMO_PASSWORD=${DEMO_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')}
export SECRET_KEY PSEUDONYM_KEY DEMO_PASSWORD

echo "== Seeding"
"$venv/python" manage.py migrate --no-input -v 0
"$venv/python" manage.py load_demo >/dev/null
"$venv/python" manage.py shell -v 0 -c "
from pathlib import Path
from placements.management.commands.benchmark_ssda903 import write_return
write_return(Path('$work'), $episodes)
"
"$venv/python" manage.py import_ssda903 leicestershire-cip "$work/header.csv" "$work/episodes.csv"
placements=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM placements_episode")
children=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM placements_child")
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" 2>/dev/null
echo "$placements placements of $children children"
"$venv/python" manage.py collectstatic --no-input -v 0

echo "== Starting two web nodes, a task worker and nginx"
app1=$(free_port) app2=$(free_port) proxy=$(free_port)
for port in "$app1" "$app2"; do
  GUNICORN_BIND=127.0.0.1:$port GUNICORN_ACCESS_LOG=$work/app-$port.log \
    "$venv/gunicorn" -c deploy/gunicorn.conf.py cip.wsgi >"$work/app-$port.err" 2>&1 &
  pids+=($!)
done
"$venv/python" manage.py db_worker --no-reload >"$work/worker.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx/logs" "$work/nginx/temp"
[[ $(id -u) -eq 0 ]] && chown nobody "$work/nginx/temp"
sed -e "s|@LISTEN@|127.0.0.1:$proxy|" \
    -e "s|@APP_SERVERS@|server 127.0.0.1:$app1; server 127.0.0.1:$app2;|" \
    deploy/nginx/cip.conf >"$work/nginx/cip.conf"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/temp/body;
    proxy_temp_path $work/nginx/temp/proxy;
    fastcgi_temp_path $work/nginx/temp/fastcgi;
    uwsgi_temp_path $work/nginx/temp/uwsgi;
    scgi_temp_path $work/nginx/temp/scgi;
    include $work/nginx/cip.conf;
}
EOF
nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)
wait_for "http://127.0.0.1:$app1/sign-in/" 30
wait_for "http://127.0.0.1:$app2/sign-in/" 30
wait_for "http://127.0.0.1:$proxy/sign-in/" 10
echo "nginx on 127.0.0.1:$proxy -> web nodes on 127.0.0.1:$app1 and 127.0.0.1:$app2," \
  "$("$venv/python" -c 'import runpy; print(runpy.run_path("deploy/gunicorn.conf.py")["workers"])') gunicorn workers each"
# The demo's own exports are older than this; the run's report PDF requests come after it.
first_export=$(psql "$DATABASE_URL" -Atc "SELECT coalesce(max(id), 0) FROM cip_export")

echo "== locust: $users users, $spawn started a second, then $seconds s all together, through nginx (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
postmaster=$(head -1 "${CIP_PG_DATADIR:?}/postmaster.pid")
web_before=$(cpu_seconds "${pids[0]}" "${pids[1]}") pg_before=$(cpu_seconds "$postmaster")
worker_before=$(cpu_seconds "${pids[2]}") busy_before=$(machine_busy) started=$(date +%s)
LOAD_SUMMARY=$work/summary.json "$venv/locust" -f scripts/load/locustfile.py --headless \
  -u "$users" -r "$spawn" -t "${run_time}s" -H "http://127.0.0.1:$proxy" \
  --only-summary --stop-timeout 10 >"$work/locust.log" 2>&1 || status=$?
# Our figures (the locustfile prints them as it quits); locust's own tables, for the whole
# run, stay in the log, kept with the JSON figures in test-results/load/.
sed -n '/^Whole run/,/^Target/p' "$work/locust.log"
mkdir -p test-results/load
cp "$work/locust.log" "$work/summary.json" test-results/load/ 2>/dev/null || true
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
elapsed=$(($(date +%s) - started))
web=$(($(cpu_seconds "${pids[0]}" "${pids[1]}") - web_before))
pg=$(($(cpu_seconds "$postmaster") - pg_before))
worker=$(($(cpu_seconds "${pids[2]}") - worker_before))
busy=$(python3 -c "print(round($(machine_busy) - $busy_before))")
echo "CPU over the ${elapsed} s of locust ($(nproc) cores: $(($(nproc) * elapsed)) core-seconds):" \
  "web nodes ${web} s, PostgreSQL ${pg} s, task worker ${worker} s;" \
  "the whole machine ${busy} s, the other engineers' work included"

echo "== Where the requests went"
for port in "$app1" "$app2"; do
  echo "web node 127.0.0.1:$port: $(wc -l <"$work/app-$port.log") requests," \
    "$(awk '$2 >= 500' "$work/app-$port.log" | wc -l) with status 5xx"
done
psql "$DATABASE_URL" -Atc "SELECT 'report PDFs requested: ' || count(*) || ', rendered by the worker: ' ||
  count(*) FILTER (WHERE status = 'ready') || ', failed: ' ||
  count(*) FILTER (WHERE status = 'failed') FROM cip_export WHERE id > $first_export"
echo "placements after the run: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM placements_episode")"

echo "== No local state: one session and one generated file, through each web node directly"
for _ in $(seq 1 120); do
  ready=$(psql "$DATABASE_URL" -Atc "SELECT id || ' ' || sha256 FROM cip_export
    WHERE status = 'ready' AND id > $first_export ORDER BY id LIMIT 1")
  [[ -n "$ready" ]] && break
  sleep 1
done
"$venv/python" scripts/load/any_node.py "http://127.0.0.1:$proxy" "http://127.0.0.1:$app1" \
  "http://127.0.0.1:$app2" $ready || status=1
python3 -c "import json, sys; sys.exit(0 if json.load(open('$work/summary.json'))['target_met'] else 1)" \
  || status=1
exit "$status"
