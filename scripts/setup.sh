#!/usr/bin/env bash
# Install everything Rugadvies needs on a fresh Debian machine (Python 3.11+), idempotently:
# the Debian packages (only those missing), a project virtual environment in .venv (never the system
# interpreter: Debian's Python is "externally managed", PEP 668), the project with all its extras into it,
# axe-core for the browser test and apl-suggester for the APL test. Afterwards: .venv/bin/rugadvies serve, .venv/bin/python -m pytest.
#
#   PYTHON=python3.12 bash scripts/setup.sh     # another interpreter for the venv (default: python3)
#   RUGADVIES_VENV=/opt/rugadvies bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${RUGADVIES_VENV:-.venv}

# What the service needs at run time (espeak-ng: the offline voice for `rugadvies audio build`;
# rubberband-cli: the time-stretcher for the audio's tempo variants). The Containerfile reads this array.
APT_PACKAGES=(espeak-ng rubberband-cli)
# What the tests need on top: a real Redis, headless Chromium for the page audit, Node for axe-core.
APT_TEST_PACKAGES=(redis-server chromium fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || APT_TEST_PACKAGES+=(nodejs npm)
command -v "$PYTHON" >/dev/null 2>&1 || APT_TEST_PACKAGES+=(python3)
# Debian ships venv's pip bootstrap (ensurepip) separately, in python3-venv.
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || APT_TEST_PACKAGES+=(python3-venv)

missing=()
for pkg in "${APT_PACKAGES[@]}" "${APT_TEST_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A venv whose interpreter no longer runs (moved checkout, removed Python) is made again.
if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[audio,test,bench]'
# axe-core for tests/test_browser.py, exactly as pinned in tests/browser/package-lock.json (idempotent)
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
# Amazon's apl-suggester for tests/test_screen.py, exactly as pinned in tests/apl/package-lock.json (idempotent)
npm ci --prefix tests/apl --no-audit --no-fund --loglevel=error
