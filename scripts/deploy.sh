#!/usr/bin/env bash
# Deploys Fremdrift to Azure: the infrastructure (infra/bicep) and the Functions app. Safe to run again; a second run
# updates the same resources.
#
#   scripts/deploy.sh dev|prod [--infra-only]
#
# Needs: az (logged in with `az login`, Owner or Contributor + User Access Administrator on the resource group or
# subscription, and the right to create an app registration), the .NET 10 SDK with the public NuGet feed reachable, zip.
# Optional environment:
#   FREMDRIFT_RESOURCE_GROUP       default rg-fremdrift-<env>
#   FREMDRIFT_LOCATION             default swedencentral (a region with Flex Consumption)
#   FREMDRIFT_MAIL_FROM            sender address (verified in SendGrid); default from infra/bicep/<env>.bicepparam
#   FREMDRIFT_SECRETARIAT_EMAIL    the secretariat's mailbox for notices
#   FREMDRIFT_SECRETARIAT_CONTACT  the contact line in mails (prod only)
#   FREMDRIFT_ENTRA_CLIENT_ID      an existing app registration to sign in with; default: found or created by name
#   FREMDRIFT_OPERATOR_ID          object id that may set the SendGrid key; default: you
#   FREMDRIFT_OPERATOR_EMAIL       gets the alert mails with the secretariat
#   FREMDRIFT_MAIL_PROVIDER        SendGrid (default) or Graph (the secretariat's Microsoft 365 mailbox; docs/deployment.md)
#   FREMDRIFT_GRAPH_MAILBOX        with Graph: the mailbox mails are sent as
# Required environment (docs/security.md):
#   FREMDRIFT_SENDGRID_WEBHOOK_KEY SendGrid's Signed Event Webhook verification key (base64 public key)
#   FREMDRIFT_SECRETARIAT_GROUP    object id of the Entra ID group (or app role value) that is the secretariat
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*"; }
fail() { echo "Fejl: $*" >&2; exit 1; }

env=${1:-}
infra_only=false
[ "${2:-}" = "--infra-only" ] && infra_only=true
case "$env" in
  dev|prod) ;;
  *) fail "brug: scripts/deploy.sh dev|prod [--infra-only]" ;;
esac

for tool in az dotnet zip; do
  command -v "$tool" >/dev/null || fail "$tool mangler (se README, \"Deploy to Azure\", Prerequisites)."
done
az account show --query id -o tsv >/dev/null 2>&1 || fail "du er ikke logget ind i Azure: kør az login (og az account set --subscription ...)."

params="infra/bicep/$env.bicepparam"
if [ "$env" = prod ] && [ -z "${FREMDRIFT_MAIL_FROM:-}" ] && grep -E '^param mailFromEmail' "$params" | grep -q '\.example'; then
  fail "produktion ville sende fra en .example-adresse. Sæt FREMDRIFT_MAIL_FROM (verificeret afsender i SendGrid) eller ret $params."
fi

provider=${FREMDRIFT_MAIL_PROVIDER:-SendGrid}
if [ "$provider" = Graph ]; then
  [ -n "${FREMDRIFT_GRAPH_MAILBOX:-}" ] || fail "sæt FREMDRIFT_GRAPH_MAILBOX (postkassen, der sendes fra), når FREMDRIFT_MAIL_PROVIDER er Graph."
  # SendGrid's webhook is not used with Graph; the app refuses its posts without a key.
  export FREMDRIFT_SENDGRID_WEBHOOK_KEY=${FREMDRIFT_SENDGRID_WEBHOOK_KEY:-ikke-brugt-med-graph}
fi
[ -n "${FREMDRIFT_SENDGRID_WEBHOOK_KEY:-}" ] || fail "sæt FREMDRIFT_SENDGRID_WEBHOOK_KEY (SendGrid > Mail Settings > Signed Event Webhook); uden den afviser appen alle hændelser."
[ -n "${FREMDRIFT_SECRETARIAT_GROUP:-}" ] || fail "sæt FREMDRIFT_SECRETARIAT_GROUP (objekt-id for sekretariatets Entra ID-gruppe); uden den har ingen adgang til sekretariatets sider."

rg=${FREMDRIFT_RESOURCE_GROUP:-rg-fremdrift-$env}
location=${FREMDRIFT_LOCATION:-swedencentral}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "Ressourcegruppe $rg ($location)"
az group create --name "$rg" --location "$location" --tags application=fremdrift environment="$env" -o none

step "App-registrering til sekretariatets login (Entra ID)"
display="Fremdrift sekretariat ($env)"
client_id=${FREMDRIFT_ENTRA_CLIENT_ID:-$(az ad app list --display-name "$display" --query "[0].appId" -o tsv)}
if [ -z "$client_id" ]; then
  client_id=$(az ad app create --display-name "$display" --sign-in-audience AzureADMyOrg \
    --enable-id-token-issuance true --query appId -o tsv)
  echo "oprettet: $display ($client_id)"
else
  echo "findes: $client_id"
fi
case "$client_id" in
  ""|00000000-0000-0000-0000-000000000000) fail "ingen app-registrering at logge ind med (FREMDRIFT_ENTRA_CLIENT_ID)." ;;
esac
az ad sp show --id "$client_id" -o none 2>/dev/null || az ad sp create --id "$client_id" -o none
# Only users and groups assigned to the app may sign in: that is how the secretariat is given access.
az ad sp update --id "$client_id" --set appRoleAssignmentRequired=true -o none
# The sign-in token must name the user's groups: the app admits only Secretariat__AllowedGroupOrRole.
az ad app update --id "$client_id" --set groupMembershipClaims=SecurityGroup -o none
export FREMDRIFT_ENTRA_CLIENT_ID=$client_id
export FREMDRIFT_OPERATOR_ID=${FREMDRIFT_OPERATOR_ID:-$(az ad signed-in-user show --query id -o tsv 2>/dev/null || true)}

step "Bygger Bicep (samme Bicep CLI fra NuGet som CI)"
dotnet restore tools/bicep/BicepCli.csproj --verbosity quiet --nologo >/dev/null
bicep=$(dotnet msbuild tools/bicep/BicepCli.csproj -getProperty:BicepPath -nologo)
[ -x "$bicep" ] || chmod u+x "$bicep"
"$bicep" build infra/bicep/main.bicep --outfile "$work/main.json"
"$bicep" build-params "$params" --outfile "$work/parameters.json"

step "Udruller infrastrukturen (typisk 3-6 minutter)"
deployment="fremdrift-$env"
az deployment group create --resource-group "$rg" --name "$deployment" \
  --template-file "$work/main.json" --parameters "@$work/parameters.json" -o none
output() { az deployment group show -g "$rg" -n "$deployment" --query "properties.outputs.$1.value" -o tsv; }
app=$(output functionAppName)
host=$(output functionAppHostName)
vault=$(output keyVaultName)
secret=$(output sendGridSecretName)

az ad app update --id "$client_id" --enable-id-token-issuance true \
  --web-redirect-uris "https://$host/.auth/login/aad/callback" -o none

if [ "$infra_only" = false ]; then
  step "Bygger og udgiver Functions-appen"
  dotnet publish src/Functions/Fremdrift.Functions.csproj -c Release -o "$work/publish" -nologo -clp:ErrorsOnly
  (cd "$work/publish" && zip -qr "$work/app.zip" .)
  az functionapp deployment source config-zip --resource-group "$rg" --name "$app" --src "$work/app.zip" -o none
fi

step "Tjekker linknøglen i Key Vault"
# The jobcentres' personal links are signed with this key. It is generated here once, straight into Key Vault, so it
# never passes through a file, the template or the terminal; replacing it would kill every link already mailed.
link_secret=$(output linkSigningKeySecretName)
if az keyvault secret show --vault-name "$vault" --name "$link_secret" --query id -o none 2>/dev/null; then
  echo "Linknøglen findes ($vault/$link_secret)."
else
  openssl rand -base64 32 | tr -d '\n' | az keyvault secret set --vault-name "$vault" --name "$link_secret" --file /dev/stdin -o none \
    && echo "Linknøglen er dannet og gemt ($vault/$link_secret)." \
    || echo "Kunne ikke gemme linknøglen (mangler du rollen Key Vault Secrets Officer? Se README). Skemaerne virker ikke, før den findes."
fi

step "Tjekker SendGrid-nøglen i Key Vault"
if [ "$provider" = Graph ]; then
  echo "Ikke brugt: mails sendes som $FREMDRIFT_GRAPH_MAILBOX med Microsoft Graph og appens identitet (klient-id $(output identityClientId))."
  echo "En Exchange-administrator skal give identiteten Mail.Send og Mail.Read for netop den postkasse (docs/deployment.md)."
elif az keyvault secret show --vault-name "$vault" --name "$secret" --query id -o none 2>/dev/null; then
  echo "SendGrid-nøglen findes ($vault/$secret)."
else
  cat <<EOF
SendGrid-nøglen er ikke sat endnu (eller din adgang er ikke slået igennem; vent et minut og prøv igen).
Ingen mails kan sendes, før den er sat:
  read -rs -p 'SendGrid API-nøgle: ' key && printf '%s' "\$key" | az keyvault secret set --vault-name $vault --name $secret --file /dev/stdin -o none; unset key
  az functionapp restart --resource-group $rg --name $app
EOF
fi

cat <<EOF

Færdig: $env
  App:                https://$host
  Ressourcegruppe:    $rg
  Key Vault:          $vault
  Login-app (Entra):  $display ($client_id)
Giv sekretariatet adgang: Entra ID > Enterprise applications > "$display" > Users and groups > Add.
EOF
