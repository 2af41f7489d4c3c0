// The app's one identity (user-assigned, so its roles exist before the app starts) and every role it holds: data
// access to the storage account (Durable's blobs, queues and tables, the app's tables and documents), publishing
// telemetry to Application Insights, reading the Key Vault secrets; and the operator's right to set those secrets.
// Microsoft Graph permissions (Mail.Send, Mail.Read for Mail:Provider=Graph) are granted by an administrator outside
// this template: docs/deployment.md.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Storage account the identity reads and writes.')
param storageAccountName string

@description('Application Insights component the identity publishes telemetry to.')
param appInsightsName string

@description('Key Vault whose secrets the identity reads.')
param keyVaultName string

@description('Object ID of the person or group that operates the installation (sets the secrets). Empty: nobody.')
param operatorPrincipalId string

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string

// Built-in role definition IDs (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

// What the identity holds, scope by scope. Durable's Azure Storage backend uses blobs (leases, large messages), queues
// (work items) and tables (history, instances); the app's own tables and the document container are in the same account.
var grants = [
  { kind: 'storageAccount', resource: storageAccountName, role: roles.storageBlobDataOwner }
  { kind: 'storageAccount', resource: storageAccountName, role: roles.storageQueueDataContributor }
  { kind: 'storageAccount', resource: storageAccountName, role: roles.storageTableDataContributor }
  { kind: 'appInsights', resource: appInsightsName, role: roles.monitoringMetricsPublisher }
  { kind: 'keyVault', resource: keyVaultName, role: roles.keyVaultSecretsUser }
]

module identityRoles 'roleAssignment.bicep' = [
  for grant in grants: {
    name: 'role-${grant.kind}-${grant.role}'
    params: {
      resourceKind: grant.kind
      resourceName: grant.resource
      roleDefinitionId: grant.role
      principalId: identity.properties.principalId
      assigneeKey: identity.id
    }
  }
]

module operatorRole 'roleAssignment.bicep' = if (!empty(operatorPrincipalId)) {
  name: 'role-operator-${roles.keyVaultSecretsOfficer}'
  params: {
    resourceKind: 'keyVault'
    resourceName: keyVaultName
    roleDefinitionId: roles.keyVaultSecretsOfficer
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

output id string = identity.id
output clientId string = identity.properties.clientId
// The app uses these outputs, so it is deployed only once this whole module is, role assignments included: its host
// reads storage and the secrets at start-up, and without the roles it would start in a failed state.
output principalId string = identity.properties.principalId
