// Fremdrift in Azure: one resource group holds everything.
//
//   Function App (Flex Consumption, .NET isolated)  ── user-assigned managed identity ──┬─ Storage (tables, bilag, Durable task hub, app package)
//                                                                                        ├─ Key Vault (the SendGrid API key, the links' key)
//                                                                                        └─ Application Insights (+ Log Analytics, alerts)
//
// This file holds the parameters, the names, the app settings (one list, below) and the wiring; the resources are in
// modules/: identity.bicep (the identity and its roles, through roleAssignment.bicep), storage.bicep, keyVault.bicep,
// monitoring.bicep (telemetry, the action group and the alert rules) and app.bicep (the Function App).
//
// No account key, connection string or secret appears here: every service is reached with the identity, and the
// SendGrid key is put into Key Vault by a person after the first deployment (README, "Deploy to Azure").
// Deploy with scripts/deploy.sh; CI builds and lints this file with scripts/check-infra.sh.

targetScope = 'resourceGroup'

// ─── Parameters ──────────────────────────────────────────────────────────────────────────────────────────────

@description('Environment name, used in resource names, tags and the Durable task hub: dev or prod.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region for every resource. Default: the region of the resource group.')
param location string = resourceGroup().location

@description('Base of every resource name: lowercase letters and digits only, 3-10 characters.')
@minLength(3)
@maxLength(10)
param baseName string = 'fremdrift'

@description('.NET version of the isolated worker on Flex Consumption; must match the TargetFramework of src/Functions.')
@allowed([
  '10.0'
  '9.0'
  '8.0'
])
param dotnetVersion string = '10.0'

@description('Most instances Flex Consumption may scale out to. 29 jobcentres need very few; the cap bounds the cost.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Memory per instance in MB (Flex Consumption instance size).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days Log Analytics keeps logs and Application Insights telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Days a deleted bilag or other generated document can still be restored (blob soft delete).')
@minValue(1)
@maxValue(365)
param documentSoftDeleteDays int = 30

@description('Key Vault purge protection. Keep true in production; it cannot be turned off again once on.')
param keyVaultPurgeProtection bool = true

@description('Name of the Key Vault secret that holds the SendGrid API key. The template never creates it: set it with az keyvault secret set.')
@minLength(1)
@maxLength(127)
param sendGridSecretName string = 'SendGridApiKey'

@description('Which service sends the mails: SendGrid (default), or Graph, the secretariat\'s own Microsoft 365 mailbox (graphMailbox) with the app\'s identity. Graph needs an administrator\'s grant first (docs/deployment.md).')
@allowed([
  'SendGrid'
  'Graph'
])
param mailProvider string = 'SendGrid'

@description('With mailProvider Graph: the Microsoft 365 mailbox (a shared mailbox of the secretariat\'s) every mail is sent as, and whose inbox is read for bounces. Empty with SendGrid.')
param graphMailbox string = ''

@description('Sender address of every mail; must be a verified sender or domain in SendGrid.')
@minLength(3)
param mailFromEmail string

@description('Sender name shown in the jobcentre chiefs\' mailboxes.')
@minLength(1)
param mailFromName string = 'KKR Hovedstadens sekretariat'

@description('The secretariat\'s mailbox: receives "bilag ready" and failure notices.')
@minLength(3)
param mailNoticeEmail string

@description('Contact line shown in every mail and on the "closed" page.')
@minLength(1)
param mailContactText string

@description('Name of the Key Vault secret that holds the personal links\' signing key (base64, 32 bytes). The template never creates it: scripts/deploy.sh generates it once. Replacing it kills every link issued.')
@minLength(1)
@maxLength(127)
param linkSigningKeySecretName string = 'SurveyLinkSigningKey'

@description('Host name the chiefs\' links and the secretariat\'s mails point to. Empty: the app\'s own <name>.azurewebsites.net. Set it when a custom domain is bound.')
param publicHostName string = ''

@description('Address of the accessibility statement (tilgængelighedserklæring, e.g. on was.digst.dk), linked in every page footer and every mail. Empty: the links are missing and the readiness check shows red.')
param accessibilityStatementUrl string = ''

@description('Address of the privacy notice: how the chiefs\' names, addresses and answers are processed and for how long. Linked in every page footer and every mail. Empty: the readiness check shows red.')
param privacyNoticeUrl string = ''

@description('Behaviour settings that differ from the defaults in the app\'s options classes, as app settings, e.g. { \'Cycle__DeadlineMonth\': \'3\', \'Survey__GracePeriod\': \'1.00:00:00\' }. Empty: every default (local.settings.sample.json lists each key with its default; docs/deployment.md).')
param behaviourSettings object = {}

@description('SendGrid "Signed Event Webhook" verification key (a public key, base64). Required: without it the app refuses every event (docs/security.md).')
@minLength(1)
param bounceWebhookVerificationKey string

@description('Entra ID group (object ID) or app role value whose members are the secretariat. Required: signed-in users without it are refused (docs/security.md).')
@minLength(1)
param staffGroupOrRole string

@description('Application (client) ID of the Entra ID app registration the secretariat signs in with (scripts/deploy.sh creates it).')
@minLength(36)
@maxLength(36)
param entraClientId string

@description('Entra ID tenant of the secretariat\'s accounts. Default: the tenant of the deployment.')
param entraTenantId string = tenant().tenantId

@description('Paths that stay anonymous (no Entra ID sign-in): the jobcentre form, whose personal link is the credential, and the SendGrid event webhook, which checks its own signature. A trailing /* covers everything below.')
param anonymousPaths array = [
  '/skema'
  '/skema/*'
  '/webhooks/sendgrid'
]

@description('Object ID of the person or group that operates the installation (sets the SendGrid key). Gets Key Vault Secrets Officer. Empty: nobody.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Address of whoever operates the installation: gets the alert mails with the secretariat (mailNoticeEmail). Empty: only the secretariat.')
param operatorAlertEmail string = ''

@description('Exceptions per hour above which the exception alert mails.')
@minValue(0)
param alertExceptionThreshold int = 5

@description('Tags added to every resource.')
param tags object = {}

// ─── Names ───────────────────────────────────────────────────────────────────────────────────────────────────

// Stable per resource group, so a redeployment updates the same resources.
var suffix = take(uniqueString(resourceGroup().id, baseName, environmentName), 6)
var allTags = union(tags, {
  application: 'fremdrift'
  environment: environmentName
})
var functionAppName = '${baseName}-${environmentName}-${suffix}'
var storageAccountName = toLower('st${baseName}${environmentName}${suffix}')
var keyVaultName = 'kv${baseName}${environmentName}${suffix}'
var deploymentContainerName = 'app-package'
var documentContainerName = 'fremdrift-dokumenter'
var tablePrefix = 'fremdrift'
// The Durable task hub: letters and digits only; one per environment so dev and prod never share orchestrations.
var durableTaskHubName = '${baseName}${environmentName}'
// The app cannot read its own defaultHostName inside its own siteConfig; without a custom domain it is this name.
// host.json sets no route prefix, so the site's root is the app's root.
var publicBaseUrl = 'https://${empty(publicHostName) ? '${functionAppName}.azurewebsites.net' : publicHostName}'

// ─── Resources (modules/) ────────────────────────────────────────────────────────────────────────────────────

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: allTags
    documentSoftDeleteDays: documentSoftDeleteDays
    deploymentContainerName: deploymentContainerName
    documentContainerName: documentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: '${baseName}-${environmentName}'
    location: location
    tags: allTags
    logRetentionDays: logRetentionDays
    alertRecipients: union(
      [
        { name: 'sekretariat', address: mailNoticeEmail }
      ],
      empty(operatorAlertEmail) ? [] : [{ name: 'drift', address: operatorAlertEmail }]
    )
    exceptionThreshold: alertExceptionThreshold
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    name: keyVaultName
    location: location
    tags: allTags
    purgeProtection: keyVaultPurgeProtection
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}-${environmentName}'
    location: location
    tags: allTags
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.name
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

// Versionless, so that a new version of a key is picked up without a redeployment. The secrets themselves are not
// declared: a template that created them would need the keys as parameters, and the keys must never pass through here.
var sendGridSecretUri = '${keyVault.outputs.uri}secrets/${sendGridSecretName}/'
var linkSigningKeySecretUri = '${keyVault.outputs.uri}secrets/${linkSigningKeySecretName}/'

// ─── App settings ────────────────────────────────────────────────────────────────────────────────────────────
// Every setting the app reads in Azure, in one list: what differs per environment, secrets as Key Vault references,
// and behaviourSettings. (tests/Fremdrift.Tests/Deployment checks this list against the options classes.)

var appSettings = [
  // The Functions host's own storage (Durable task hub, timer leases): identity-based, no connection string.
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.outputs.clientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.outputs.blobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.outputs.queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'DurableTaskHubName'
    value: durableTaskHubName
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: monitoring.outputs.connectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  }
  // The app's own tables and documents (section "Storage"), with the same identity.
  {
    name: 'Storage__TableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'Storage__BlobServiceUri'
    value: storage.outputs.blobEndpoint
  }
  {
    name: 'Storage__ManagedIdentityClientId'
    value: identity.outputs.clientId
  }
  {
    name: 'Storage__TablePrefix'
    value: tablePrefix
  }
  {
    name: 'Storage__DocumentContainer'
    value: storage.outputs.documentContainerName
  }
  // Mail (section "Mail"). The key is resolved from Key Vault by the platform with keyVaultReferenceIdentity.
  {
    name: 'Mail__Provider'
    value: mailProvider
  }
  {
    name: 'Mail__GraphMailbox'
    value: graphMailbox
  }
  // Like Cycle__TimerSchedule: the bounce timer's %Mail:GraphBounceSchedule% is resolved by the Functions host. With
  // SendGrid the timer is switched off, so it does not wake the app every 15 minutes for nothing.
  {
    name: 'Mail__GraphBounceSchedule'
    value: behaviourSettings.?Mail__GraphBounceSchedule ?? '0 */15 * * * *'
  }
  {
    name: 'AzureWebJobs.GraphBounceTimer.Disabled'
    value: mailProvider == 'Graph' ? 'false' : 'true'
  }
  {
    name: 'Mail__SendGridApiKey'
    value: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
  }
  {
    name: 'Mail__FromEmail'
    value: mailFromEmail
  }
  {
    name: 'Mail__FromName'
    value: mailFromName
  }
  {
    name: 'Mail__SecretariatEmail'
    value: mailNoticeEmail
  }
  {
    name: 'Mail__SecretariatContact'
    value: mailContactText
  }
  // The jobcentres' survey (section "Survey"). The signing key is resolved from Key Vault like the SendGrid key.
  {
    name: 'Survey__LinkSigningKey'
    value: '@Microsoft.KeyVault(SecretUri=${linkSigningKeySecretUri})'
  }
  {
    name: 'Survey__PublicBaseUrl'
    value: publicBaseUrl
  }
  // The timer trigger's %Cycle:TimerSchedule% is resolved by the Functions host from the app settings, not from
  // CycleOptions, so this one behaviour setting is always set (CycleOptions' default unless behaviourSettings names it).
  {
    name: 'Cycle__TimerSchedule'
    value: behaviourSettings.?Cycle__TimerSchedule ?? '0 0 6 * * *'
  }
  // SendGrid's event webhook (section "BounceWebhook"). Every link in every mail is built on Survey__PublicBaseUrl.
  {
    name: 'BounceWebhook__VerificationKey'
    value: bounceWebhookVerificationKey
  }
  // Who is the secretariat (section "Secretariat"): checked by the functions on top of App Service authentication.
  {
    name: 'Secretariat__AllowedGroupOrRole'
    value: staffGroupOrRole
  }
  // What a Danish public body's pages and mails must link to (section "Site").
  {
    name: 'Site__AccessibilityStatementUrl'
    value: accessibilityStatementUrl
  }
  {
    name: 'Site__PrivacyNoticeUrl'
    value: privacyNoticeUrl
  }
  // Behaviour that differs from the options classes' defaults in this environment; nothing else is set here.
  ...map(filter(items(behaviourSettings), setting => !contains(['Cycle__TimerSchedule', 'Mail__GraphBounceSchedule'], setting.key)), setting => {
    name: setting.key
    value: string(setting.value)
  })
]

// ─── Function App ────────────────────────────────────────────────────────────────────────────────────────────

// Uses the identity module's outputs, so it is deployed after the identity's roles exist (the host reads its
// storage and the keys at start-up; without the roles it would start in a failed state).
module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}-${environmentName}'
    location: location
    tags: allTags
    identityId: identity.outputs.id
    appSettings: appSettings
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    dotnetVersion: dotnetVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    anonymousPaths: anonymousPaths
    entraClientId: entraClientId
    entraTenantId: entraTenantId
  }
}

// ─── Outputs (read by scripts/deploy.sh) ─────────────────────────────────────────────────────────────────────

output functionAppName string = app.outputs.name
output functionAppHostName string = app.outputs.defaultHostName
output keyVaultName string = keyVault.outputs.name
output sendGridSecretName string = sendGridSecretName
output linkSigningKeySecretName string = linkSigningKeySecretName
output publicBaseUrl string = publicBaseUrl
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output durableTaskHubName string = durableTaskHubName
output alertRuleNames array = monitoring.outputs.alertRuleNames
