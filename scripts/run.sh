#!/usr/bin/env bash
# Runs Fremdrift locally: installs the tools, starts Azurite (embedded, data under .devdata/) and the local host.
# Extra arguments go to the local host, e.g. scripts/run.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
exec dotnet run --project src/DevServer -c Release -- "$@"
