#!/usr/bin/env bash
# Runs Fremdrift locally: installs the tools, starts Azurite (embedded, data under .devdata/) and the local host.
# Extra arguments go to the local host, e.g. scripts/run.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
# Started from a background job or a service, SIGINT arrives ignored and .NET then never sees Ctrl+C (the host,
# and the Azurite it owns, would outlive the signal); give the host the default action back where env can.
if env --default-signal=INT true 2>/dev/null; then
  exec env --default-signal=INT dotnet run --project src/DevServer -c Release -- "$@"
fi
exec dotnet run --project src/DevServer -c Release -- "$@"
