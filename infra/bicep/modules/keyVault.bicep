// The Key Vault that holds the SendGrid API key and the links' signing key. RBAC only; the secrets themselves are
// never declared here (a template that created them would need them as parameters): scripts/deploy.sh and a person set them.

@description('Key Vault name.')
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Purge protection. Keep true in production; it cannot be turned off again once on.')
param purgeProtection bool

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

output name string = keyVault.name
output uri string = keyVault.properties.vaultUri
