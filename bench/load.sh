#!/usr/bin/env bash
# Load test (`make load`): gunicorn with 4 workers on PostgreSQL, production settings, the demo data,
# the background worker beside them as in production (after the demo figures are written it makes the
# indicator pages ahead: indicators.ahead), and 50 locust users for 60 seconds, all on 127.0.0.1, twice:
# first the real mix of pages (locust's LeadOfficer users), then the same users reading only a minimal
# page (MinimalPageReader). Prints requests per second and the p50, p95 and p99 latency of each page,
# sign-in apart, then both runs side by side with the real mix's throughput and p95 as multiples of the
# minimal page's and their goals (bench/load_compare.py). Exits non-zero on any error in either run (a
# 5xx, a refused connection, an unexpected status). Whatever happens, it stops the server and the worker
# it started and drops its database.
#
#   bench/load.sh                     # or: make load
#   LOAD_USERS=20 LOAD_SECONDS=30 bench/load.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, no password, as CI has it) and the dev requirements.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
USERS=${LOAD_USERS:-50}
SECONDS_TO_RUN=${LOAD_SECONDS:-60}
WORKERS=${LOAD_WORKERS:-4}
# A port nothing else listens on (or LOAD_PORT), so that only this run's server is measured.
PORT=${LOAD_PORT:-$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DB=sscb_load
PG=(psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1)
RESULTS=bench/results
mkdir -p "$RESULTS"
rm -f "$RESULTS/gunicorn.log" "$RESULTS/worker.log"

server_pid=""
worker_pid=""
fragments_dir=""
cleanup() {
  local status=$?
  if [[ -n "$worker_pid" ]] && kill -0 "$worker_pid" 2>/dev/null; then
    kill -TERM "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  "${PG[@]}" -c "DROP DATABASE IF EXISTS ${DB}" postgres >/dev/null 2>&1 || true
  if [[ -n "$fragments_dir" ]]; then rm -rf "$fragments_dir"; fi
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "== a fresh database: ${DB}"
"${PG[@]}" -c "DROP DATABASE IF EXISTS ${DB}" postgres
"${PG[@]}" -c "CREATE DATABASE ${DB}" postgres
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"

echo "== the seed plan, five years of demonstration values, ${USERS} lead officers"
DJANGO_DEBUG=true "$PYTHON" manage.py migrate --noinput -v 0
DJANGO_DEBUG=true "$PYTHON" manage.py load_seed_plan
DJANGO_DEBUG=true "$PYTHON" manage.py generate_demo_values | tail -1
LOAD_PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))')
export LOAD_PASSWORD LOAD_USERS="$USERS"
DJANGO_DEBUG=true "$PYTHON" bench/load_users.py "$USERS"

# Production settings: DEBUG off, a new secret key, static files from the manifest, persistent database
# connections. No HTTPS redirect: a proxy would end HTTPS in front of it (the users say X-Forwarded-Proto).
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_CONN_MAX_AGE=60
# The workers' shared folder of page fragments (core.cache): a new one for this run, deleted after it.
fragments_dir=$(mktemp -d)
export DJANGO_CACHE_DIR="$fragments_dir"
export DJANGO_LOG_LEVEL=WARNING
"$PYTHON" manage.py collectstatic --noinput -v 0
"$PYTHON" manage.py check --deploy --fail-level ERROR >/dev/null

echo "== gunicorn: ${WORKERS} workers on 127.0.0.1:${PORT}"
if curl -s -o /dev/null "http://127.0.0.1:${PORT}/"; then
  echo "Something already answers on 127.0.0.1:${PORT}: choose another LOAD_PORT." >&2
  exit 1
fi
# The production settings of gunicorn (sscb/gunicorn.py: the site loaded and readied before the workers start).
.venv/bin/gunicorn sscb.wsgi:application -c python:sscb.gunicorn --workers "$WORKERS" --bind "127.0.0.1:${PORT}" \
  --log-level warning --error-logfile "$RESULTS/gunicorn.log" >>"$RESULTS/gunicorn.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 60); do
  kill -0 "$server_pid" 2>/dev/null || break
  if curl -fs -o /dev/null "http://127.0.0.1:${PORT}/accounts/login/" -H 'X-Forwarded-Proto: https'; then
    ready=yes
    break
  fi
  sleep 0.5
done
if [[ -z "$ready" ]] || ! kill -0 "$server_pid" 2>/dev/null; then
  echo "gunicorn did not start; see $RESULTS/gunicorn.log" >&2
  exit 1
fi

# The background worker, as production runs it beside the web servers: the demo figures written above queued
# the indicator pages to be made ahead (indicators.ahead), which it does while the users sign in.
"$PYTHON" manage.py db_worker --no-reload >>"$RESULTS/worker.log" 2>&1 &
worker_pid=$!

echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') memory, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
run_locust() { # run_locust NAME USER_CLASS
  echo
  echo "== locust, $1: ${USERS} users for ${SECONDS_TO_RUN} s"
  "$PYTHON" bench/cpu_seconds.py snapshot "$server_pid" "$DB" >"$RESULTS/$1.cpu-before.json"
  LOAD_SUMMARY="$RESULTS/$1.json" .venv/bin/locust -f bench/locustfile.py --headless --only-summary \
    --users "$USERS" --spawn-rate 10 --run-time "${SECONDS_TO_RUN}s" --stop-timeout 10 \
    --host "http://127.0.0.1:${PORT}" --csv "$RESULTS/$1" --loglevel WARNING "$2"
  # The processor time the workers and the database spent on the run, added to its summary.
  "$PYTHON" bench/cpu_seconds.py record "$server_pid" "$DB" "$RESULTS/$1.cpu-before.json" "$RESULTS/$1.json"
}
rm -f "$RESULTS/mix.json" "$RESULTS/minimal.json"
run_locust mix LeadOfficer
run_locust minimal MinimalPageReader

echo
grep -h "make_indicator_pages_ahead state=" "$RESULTS/worker.log" | tail -1 || echo "the worker made no pages ahead"

echo
echo "== the real mix against the minimal page (same users, same server)"
"$PYTHON" bench/load_compare.py "$RESULTS/mix.json" "$RESULTS/minimal.json"
