#!/usr/bin/env bash
# Install everything Rugadvies needs on a fresh Debian machine with Python 3.11+:
# Debian packages (when missing) and the project with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the service needs at run time (espeak-ng: the offline voice for `rugadvies audio build`).
APT_PACKAGES=(espeak-ng)
# What the tests need on top: a real Redis, headless Chromium for the page audit, Node for axe-core.
APT_TEST_PACKAGES=(redis-server chromium fonts-dejavu-core)
# npm installs axe-core for the browser tests; any Node.js already on the machine will do
command -v npm >/dev/null 2>&1 || APT_TEST_PACKAGES+=(nodejs npm)
missing=()
for pkg in "${APT_PACKAGES[@]}" "${APT_TEST_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
# axe-core for tests/test_browser.py, exactly as pinned in tests/browser/package-lock.json (idempotent)
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
