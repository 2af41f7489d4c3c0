#!/usr/bin/env bash
# Runs every test on a fresh machine: installs the tools, builds with warnings as errors, checks the
# infrastructure code, and runs the xunit suite (which starts and stops its own Azurite, Prism and Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

scripts/setup.sh --tests

printf '\n==> Bygger (Release, advarsler er fejl)\n'
dotnet build Fremdrift.slnx -c Release -nologo -clp:ErrorsOnly

printf '\n==> Pakker Functions-appen (dotnet publish src/Functions), som scripts/deploy.sh sender til Azure\n'
publish=$(mktemp -d)
dotnet publish src/Functions/Fremdrift.Functions.csproj -c Release -o "$publish" -nologo -clp:ErrorsOnly
for f in Fremdrift.Functions.dll functions.metadata worker.config.json host.json extensions.json .azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll; do
  [ -e "$publish/$f" ] || { echo "Pakken mangler $f" >&2; exit 1; }
done
echo "Pakken har $(find "$publish" -type f | wc -l) filer ($(du -sh "$publish" | cut -f1)), med functions.metadata, host.json og værtens Durable-udvidelse."
rm -rf "$publish"

if [ -x scripts/check-infra.sh ]; then
  printf '\n==> Tjekker infra/bicep\n'
  scripts/check-infra.sh
fi

printf '\n==> Kører testene\n'
log=$(mktemp)
set +e
dotnet test Fremdrift.slnx -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# With the detailed console logger dotnet test ends with "Total tests: N / Passed: N / Failed: N / Skipped: N".
count() { grep -E "^[[:space:]]*$1:[[:space:]]*[0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
echo
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
