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

# Known vulnerabilities in the installed dependencies (the project itself is skipped: it is not on PyPI).
# Fails on any vulnerability found; says so loudly when the vulnerability database cannot be reached.
audit_dependencies() {
  local report
  report=$(mktemp)
  "$BIN/pip-audit" --skip-editable --progress-spinner off --format json --output "$report" 2>/dev/null
  local rc=$?
  "$BIN/python" - "$report" "$rc" <<'PY'
import json, sys
path, rc = sys.argv[1], int(sys.argv[2])
try:
    dependencies = json.load(open(path))["dependencies"]
except (OSError, ValueError, KeyError):
    print(f"pip-audit wrote no report (exit {rc})")
    sys.exit(1)
vulnerable = [d for d in dependencies if d.get("vulns")]
audited = [d for d in dependencies if "skip_reason" not in d]
for d in vulnerable:
    for v in d["vulns"]:
        print(f"  {d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['-'])})")
if vulnerable:
    sys.exit(1)
if not audited:
    print("WARNING: pip-audit could not reach the vulnerability database: no dependency was audited")
else:
    print(f"pip-audit: {len(audited)} dependencies audited, no known vulnerabilities")
PY
  local status_=$?
  rm -f "$report"
  return $status_
}
step audit_dependencies

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
