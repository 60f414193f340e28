#!/usr/bin/env bash
# The whole check: lint, formatting, types, import boundaries, the dependency audit, the test suite on SQLite and on PostgreSQL,
# and every benchmark at its smoke size. Exits non-zero on any failure, and when a run collects no test.
#
# The steps are independent, so they run at the same time and their output is printed step by step when they
# are done: the two suites side by side with GONGKAI_TEST_WORKERS xdist workers each (default 1: on two
# cores, one worker per suite keeps both busy, without the second worker's own database set-up, browser
# and idle tail that two workers per suite, one suite after the other, cost), the short checks beside them.
# The intake benchmark measures a server under load, so it runs alone, after the rest (then the province one on
# PostgreSQL).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
WORKERS=${GONGKAI_TEST_WORKERS:-1}
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
status=0
declare -A started=()

# start NAME COMMAND...: run a step in the background, its output kept for report NAME.
start() {
  local name=$1
  shift
  ("$@") >"$LOGS/$name.log" 2>&1 &
  started[$name]=$!
}

# report NAME...: wait for each step in turn, print its output and whether it failed.
report() {
  local name rc
  for name in "$@"; do
    wait "${started[$name]}"
    rc=$?
    echo "== $name"
    cat "$LOGS/$name.log"
    [ $rc -eq 0 ] || { echo "FAILED: $name"; status=1; }
  done
}

# suite DATABASE_URL: the whole test suite on that database ("" is SQLite).
suite() {
  DATABASE_URL=$1 "$BIN/pytest" -q -p no:cacheprovider -n "$WORKERS" --dist loadgroup
  local rc=$?
  [ $rc -ne 5 ] || echo "no test ran"
  return $rc
}

# Known vulnerabilities in the locked dependencies: fails on one that a release fixes; says so loudly (and
# passes) when the vulnerability database cannot be reached.
dependency_audit() { "$BIN/python" scripts/audit_lock.py; }

# Every benchmark but intake.py (below) at its smoke size, on SQLite, so that none of them rots: fails on an
# error (a script without --smoke too), never on speed.
benchmarks_at_smoke_size() {
  local script output failed=0
  for script in benchmarks/*.py; do
    [ "$script" = benchmarks/intake.py ] && continue
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

# The intake benchmark's smoke mode on PostgreSQL, in a scratch database: fails on errors or on
# submissions lost (acknowledged and missing, or at the fixed rate not acknowledged), never on speed.
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
  echo "$last" | grep -q ' open_lost=0$' || { echo "submissions arriving at a fixed rate were lost"; return 1; }
  echo "$last" | grep -q '^submitted=0 ' && { echo "no submission was acknowledged"; return 1; }
  echo "$output" | grep -q ', 0 refused or failed' || { echo "some submissions failed"; return 1; }
}

# The province benchmark's smoke mode on PostgreSQL too (on SQLite it runs with the others above), so that its
# PostgreSQL-only parts (COPY, the search on PostgreSQL) do not rot; it creates and drops a database of its own.
province_smoke_on_postgresql() {
  local output
  output=$(DATABASE_URL=$PG_URL "$BIN/python" benchmarks/province.py --smoke 2>&1) || {
    echo "$output" | tail -n 30
    return 1
  }
  echo "$output" | grep -E "^(PASS|MISS|agencies=)"
}

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi

echo "running the checks and both suites at once; each step's output follows when it is done"
start "pytest on SQLite" suite ""
start "pytest on PostgreSQL" suite "$PG_URL"
start "ruff check" "$BIN/ruff" check .
start "ruff format" "$BIN/ruff" format --check .
start "mypy" "$BIN/mypy"
# The import boundaries of docs/architecture.md (contracts in pyproject.toml), on this checkout's sources.
start "import boundaries" env PYTHONPATH=src "$BIN/lint-imports" --no-logo
start "dependency audit" dependency_audit
start "benchmarks at smoke size" benchmarks_at_smoke_size
report "ruff check" "ruff format" "mypy" "import boundaries" "dependency audit" "benchmarks at smoke size" \
  "pytest on SQLite" "pytest on PostgreSQL"

start "intake benchmark at smoke size on PostgreSQL" intake_smoke_on_postgresql
report "intake benchmark at smoke size on PostgreSQL"
start "province benchmark at smoke size on PostgreSQL" province_smoke_on_postgresql
report "province benchmark at smoke size on PostgreSQL"

if [ $status -eq 0 ]; then echo "all checks passed"; else echo "some checks failed"; fi
exit $status
