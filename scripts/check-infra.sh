#!/usr/bin/env bash
# Builds and lints the Azure deployment (infra/bicep) with the Bicep CLI from NuGet. Fails on any error and on any
# linter warning. Generated JSON goes to a temporary folder, never into the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The CLI comes as a NuGet package (Azure.Bicep.CommandLine.linux-x64, version in Directory.Packages.props); its
# props file tells where the binary is.
dotnet restore tools/bicep/BicepCli.csproj --verbosity quiet --nologo >/dev/null
bicep=$(dotnet msbuild tools/bicep/BicepCli.csproj -getProperty:BicepPath -nologo)
if [ ! -f "$bicep" ]; then
  echo "Bicep CLI blev ikke fundet efter dotnet restore (ventede $bicep)." >&2
  exit 1
fi
[ -x "$bicep" ] || chmod u+x "$bicep"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/bicep.log"
failed=0

run() {
  # Bicep writes diagnostics to stderr and still exits 0 on warnings, so the output is read as well.
  if ! "$bicep" "$@" >>"$log" 2>&1; then
    failed=1
  fi
}

files=(infra/bicep/*.bicepparam)
modules=(infra/bicep/modules/*.bicep)
echo "bicep $("$bicep" --version | sed -E 's/^Bicep CLI version ([^ ]+).*/\1/'): build + lint main.bicep and ${#modules[@]} modules, build-params ${#files[@]} parameter files"
run build infra/bicep/main.bicep --outdir "$out"
for file in infra/bicep/main.bicep "${modules[@]}"; do
  run lint "$file"
done
for file in "${files[@]}"; do
  run build-params "$file" --outfile "$out/$(basename "$file" .bicepparam).parameters.json"
done

if grep -qE '(Error|Warning) ' "$log"; then
  failed=1
fi
if [ "$failed" -ne 0 ]; then
  sort -u "$log" >&2
  echo "infra/bicep: fejl eller linter-advarsler (se ovenfor)." >&2
  exit 1
fi
echo "infra/bicep: ok (ingen fejl, ingen advarsler)"
