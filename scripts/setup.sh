#!/usr/bin/env bash
# Installs what gongkai needs on a fresh Debian machine with Python 3.11: the Debian packages the project
# uses, a virtual environment in .venv with the project and its development tools, compiled translations.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# Debian packages: gettext compiles the translations; chromium runs the browser tests; fonts-noto-cjk and
# Pango let WeasyPrint write letters and reports as PDF with embedded Chinese fonts; poppler-utils turns
# PDFs into pictures for checking the layout by eye; Tesseract with its Simplified Chinese model reads scanned
# reports (OCR); Varnish is the HTTP cache in front of the app servers in the province topology
# (deploy/varnish/gongkai.vcl), started by tests/test_http_cache.py and benchmarks/province.py.
DEB_PACKAGES=(gettext chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils tesseract-ocr tesseract-ocr-chi-sim varnish)
missing=()
for package in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
# Exactly the versions and files in requirements.lock (pinned with hashes: what CI tested), then gongkai itself
# without resolving anything again, built by the locked setuptools. Reinstall only when the lock or the
# project's metadata changed. The lock is written by `make lock` (see CONTRIBUTING.md).
stamp=.venv/.gongkai-installed
digest=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "setup: installing the locked dependencies (requirements.lock) and gongkai into .venv"
  pip_install() { .venv/bin/python -m pip install -q --disable-pip-version-check "$@"; }
  pip_install --require-hashes -r requirements.lock
  pip_install --no-deps --no-build-isolation -e .
  if ! .venv/bin/python -m pip check >/dev/null; then
    .venv/bin/python -m pip check || true
    echo "setup: requirements.lock does not satisfy pyproject.toml: run make lock" >&2
    exit 1
  fi
  echo "$digest" > "$stamp"
fi

(cd src/gongkai && ../../.venv/bin/django-admin compilemessages -v0 --ignore=.venv)
echo "setup: ready"
