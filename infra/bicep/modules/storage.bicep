// The storage account: the app's tables, the bilag container, the Durable task hub and the app package. Shared keys
// off: everything reaches it with the app's identity (identity.bicep grants the roles).

@description('Storage account name (3-24 lowercase letters and digits).')
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Days a deleted bilag or other generated document can still be restored (blob soft delete).')
param documentSoftDeleteDays int

@description('Container of the app package Flex Consumption runs.')
param deploymentContainerName string

@description('Container of the bilag and other generated documents.')
param documentContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
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

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output documentContainerName string = documentContainer.name
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
