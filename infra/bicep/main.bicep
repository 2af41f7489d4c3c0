// Fremdrift in Azure: one resource group holds everything.
//
//   Function App (Flex Consumption, .NET isolated)  ── user-assigned managed identity ──┬─ Storage (tables, bilag, Durable task hub, app package)
//                                                                                        ├─ Key Vault (the SendGrid API key)
//                                                                                        └─ Application Insights (+ Log Analytics)
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

// Built-in role definition IDs (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

// ─── Identity ────────────────────────────────────────────────────────────────────────────────────────────────

// One identity for everything the app reaches; user-assigned so that role assignments exist before the app starts.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${baseName}-${environmentName}'
  location: location
  tags: allTags
}

// ─── Storage ─────────────────────────────────────────────────────────────────────────────────────────────────

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: allTags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: documentSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: documentSoftDeleteDays
    }
  }
}

// Flex Consumption reads the app package from here with the identity.
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The bilag and the other generated documents; private, downloaded only through the app.
resource documentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: documentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Durable's Azure Storage backend uses blobs (leases, large messages), queues (work items) and tables (history,
// instances); the app's own tables and the document container are in the same account. Scope: the account.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ─── Monitoring ──────────────────────────────────────────────────────────────────────────────────────────────

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: 'log-${baseName}-${environmentName}'
  location: location
  tags: allTags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}-${environmentName}'
  location: location
  tags: allTags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry only with an Entra token (the identity below), never with the instrumentation key alone.
    DisableLocalAuth: true
    RetentionInDays: logRetentionDays
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ─── Key Vault ───────────────────────────────────────────────────────────────────────────────────────────────

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  tags: allTags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(keyVault.id, operatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

// Versionless, so that a new version of the key is picked up without a redeployment. The secret itself is not
// declared: a template that created it would need the key as a parameter, and the key must never pass through here.
var sendGridSecretUri = '${keyVault.properties.vaultUri}secrets/${sendGridSecretName}/'
var linkSigningKeySecretUri = '${keyVault.properties.vaultUri}secrets/${linkSigningKeySecretName}/'

// ─── Function App ────────────────────────────────────────────────────────────────────────────────────────────

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'plan-${baseName}-${environmentName}'
  location: location
  tags: allTags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: allTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // The Functions host's own storage (Durable task hub, timer leases): identity-based, no connection string.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'DurableTaskHubName'
          value: durableTaskHubName
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        // The app's own tables and documents (section "Storage"), with the same identity.
        {
          name: 'Storage__TableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'Storage__BlobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'Storage__ManagedIdentityClientId'
          value: identity.properties.clientId
        }
        {
          name: 'Storage__TablePrefix'
          value: tablePrefix
        }
        {
          name: 'Storage__DocumentContainer'
          value: documentContainer.name
        }
        // Mail (section "Mail"). The key is resolved from Key Vault by the platform with keyVaultReferenceIdentity.
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
        ...map(filter(items(behaviourSettings), setting => setting.key != 'Cycle__TimerSchedule'), setting => {
          name: setting.key
          value: string(setting.value)
        })
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
  dependsOn: [
    // The host reads its storage and the key at start-up; without the roles it would start in a failed state.
    blobDataOwner
    queueDataContributor
    tableDataContributor
    metricsPublisher
    secretsUser
  ]
}

// Deployment is by az (Entra token); FTP and basic-auth publishing stay off.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service authentication: every path needs an Entra ID sign-in (so a new secretariat function is protected
// by default), except anonymousPaths, which carry their own credential (the personal link, the webhook signature).
resource authentication 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            entraClientId
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// ─── Outputs (read by scripts/deploy.sh) ─────────────────────────────────────────────────────────────────────

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output keyVaultName string = keyVault.name
output sendGridSecretName string = sendGridSecretName
output linkSigningKeySecretName string = linkSigningKeySecretName
output publicBaseUrl string = publicBaseUrl
output storageAccountName string = storage.name
output identityClientId string = identity.properties.clientId
output durableTaskHubName string = durableTaskHubName
