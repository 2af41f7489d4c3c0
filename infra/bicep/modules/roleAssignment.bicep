// One Azure role granted to one principal on one resource of the deployment (a storage account, the Application
// Insights component or the Key Vault). Named with guid(resource, assignee, role), as before the template was split
// into modules, so a redeployment finds the same assignment. Used by identity.bicep for every role the app's identity
// (and the operator) needs.

@description('Kind of resource the role is granted on.')
@allowed([
  'storageAccount'
  'appInsights'
  'keyVault'
])
param resourceKind string

@description('Name of that resource (in this resource group).')
param resourceName string

@description('Built-in role definition ID (a GUID, the same in every tenant).')
param roleDefinitionId string

@description('Object ID of the principal that gets the role.')
param principalId string

@description('What names the assignee in the assignment\'s name: the identity\'s resource ID for the app\'s identity, else the principal\'s object ID.')
param assigneeKey string = principalId

@description('Type of the principal.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'ServicePrincipal'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = if (resourceKind == 'storageAccount') {
  name: resourceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = if (resourceKind == 'appInsights') {
  name: resourceName
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = if (resourceKind == 'keyVault') {
  name: resourceName
}

var properties = {
  roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
  principalId: principalId
  principalType: principalType
}

// Bicep scopes an extension resource by a resource symbol of a fixed type, hence one declaration per kind; exactly
// one of them is deployed.
resource onStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (resourceKind == 'storageAccount') {
  name: guid(storage.id, assigneeKey, roleDefinitionId)
  scope: storage
  properties: properties
}

resource onAppInsights 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (resourceKind == 'appInsights') {
  name: guid(appInsights.id, assigneeKey, roleDefinitionId)
  scope: appInsights
  properties: properties
}

resource onKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (resourceKind == 'keyVault') {
  name: guid(keyVault.id, assigneeKey, roleDefinitionId)
  scope: keyVault
  properties: properties
}
