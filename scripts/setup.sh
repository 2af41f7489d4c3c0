#!/usr/bin/env bash
# Installs what Fremdrift needs on a fresh machine; safe to run again (does nothing that is already done).
#   scripts/setup.sh          node tools (Azurite, Prism, axe-core)
#   scripts/setup.sh --tests  also Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null; then
  echo "dotnet (.NET SDK 10) mangler. Installer det først: https://dot.net" >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  step "Installerer Node.js og npm (apt)"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

# A linked node_modules (a shared install) is used as it is: npm ci would empty the link's target.
if [ -L tools/node_modules ] && [ -x tools/node_modules/.bin/azurite ]; then
  :
elif [ ! -x tools/node_modules/.bin/azurite ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  step "Installerer Azurite, Prism og axe-core under tools/ (npm ci)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = "--tests" ]; then
  if ! command -v chromium >/dev/null; then
    step "Installerer Chromium til browsertestene (apt)"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
