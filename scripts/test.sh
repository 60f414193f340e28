#!/usr/bin/env bash
# The whole check: lint, formatting, types, import boundaries, then the test suite on SQLite and on PostgreSQL.
# Exits non-zero on any failure, and when a run collects no test at all.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
status=0

step() {
  echo "== $*"
  "$@" || { echo "FAILED: $*"; status=1; }
}

step "$BIN/ruff" check .
step "$BIN/ruff" format --check .
step "$BIN/mypy"
# The import boundaries of docs/architecture.md (contracts in pyproject.toml), on this checkout's sources.
step env PYTHONPATH=src "$BIN/lint-imports" --no-logo

# Known vulnerabilities in the locked dependencies: fails on one that a release fixes; says so loudly (and
# passes) when the vulnerability database cannot be reached.
step "$BIN/python" scripts/audit_lock.py

run_suite() {
  local label=$1
  shift
  echo "== pytest on $label"
  env "$@" "$BIN/pytest" -q -p no:cacheprovider -n 2
  local rc=$?
  if [ $rc -eq 5 ]; then
    echo "FAILED: pytest on $label ran no test"
    status=1
  elif [ $rc -ne 0 ]; then
    echo "FAILED: pytest on $label (exit $rc)"
    status=1
  fi
}

run_suite SQLite DATABASE_URL=
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
run_suite PostgreSQL DATABASE_URL="$PG_URL"

# Every other benchmark at its smoke size, on SQLite, so that none of them rots: fails on an error (a script
# without --smoke too), never on speed.
benchmarks_at_smoke_size() {
  local script output failed=0
  for script in benchmarks/*.py; do
    [ "$script" = benchmarks/intake.py ] && continue  # below, on PostgreSQL, with its own checks
    if output=$(env -u DATABASE_URL "$BIN/python" "$script" --smoke 2>&1); then
      echo "$output" | grep -E "^[a-z_]+=[^ ]+( [a-z_0-9]+=[^ ]+)+$" | sed "s|^|$script --smoke: |"
    else
      echo "$output" | tail -n 30
      echo "$script --smoke failed"
      failed=1
    fi
  done
  return $failed
}
step benchmarks_at_smoke_size

# The intake benchmark's smoke mode on PostgreSQL, in a scratch database: fails on errors or on
# acknowledged submissions missing from the database, never on speed.
intake_smoke_on_postgresql() {
  local name="gk_bench_$$_$RANDOM" output last
  psql "$PG_URL" -q -c "CREATE DATABASE $name" || return 1
  output=$("$BIN/python" benchmarks/intake.py --smoke --database-url "${PG_URL%/*}/$name" 2>&1)
  local rc=$?
  psql "$PG_URL" -q -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"
  echo "$output" | tail -n 4
  [ $rc -eq 0 ] || return 1
  last=$(echo "$output" | grep '^submitted=' | tail -n 1)
  echo "$last" | grep -q ' lost=0 ' || { echo "acknowledged submissions were lost"; return 1; }
  echo "$last" | grep -q '^submitted=0 ' && { echo "no submission was acknowledged"; return 1; }
  echo "$output" | grep -q ', 0 refused or failed' || { echo "some submissions failed"; return 1; }
}
step intake_smoke_on_postgresql

if [ $status -eq 0 ]; then echo "all checks passed"; else echo "some checks failed"; fi
exit $status
