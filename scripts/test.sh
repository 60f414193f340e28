#!/usr/bin/env bash
# The whole check: lint, formatting, types, then the test suite on SQLite and on PostgreSQL.
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

if [ $status -eq 0 ]; then echo "all checks passed"; else echo "some checks failed"; fi
exit $status
