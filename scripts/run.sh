#!/usr/bin/env bash
# Runs Fremdrift locally: installs the tools, starts Azurite (embedded, data under .devdata/) and the local host.
# Extra arguments go to the local host, e.g. scripts/run.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
# dotnet run checks the whole build each time, seconds even when nothing changed (tens of seconds on a busy
# machine); the built host starts directly when no source, project or package file is newer than its build.
bin=src/DevServer/bin/Release/net10.0
newer() { find "$@" \( -name bin -o -name obj \) -prune -o -type f -newer "$bin/$dll" -print -quit; }
host=(dotnet run --project src/DevServer -c Release --)
if [ -f "$bin/Fremdrift.DevServer.dll" ] && [ -f "$bin/Fremdrift.Shared.dll" ] \
  && [ -z "$(dll=Fremdrift.DevServer.dll newer src/DevServer Directory.Build.props Directory.Packages.props global.json)" ] \
  && [ -z "$(dll=Fremdrift.Shared.dll newer src/Shared Directory.Build.props Directory.Packages.props global.json)" ]; then
  host=(dotnet "$bin/Fremdrift.DevServer.dll")
fi
# Started from a background job or a service, SIGINT arrives ignored and .NET then never sees Ctrl+C (the host,
# and the Azurite it owns, would outlive the signal); give the host the default action back where env can.
if env --default-signal=INT true 2>/dev/null; then
  exec env --default-signal=INT "${host[@]}" "$@"
fi
exec "${host[@]}" "$@"
