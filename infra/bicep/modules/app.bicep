// The Function App on Flex Consumption (.NET isolated), running as the app's identity, with the app settings main.bicep
// composes, App Service authentication in front of everything but the anonymous paths, and basic-auth publishing off.

@description('Function App name.')
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Name of the Flex Consumption plan.')
param planName string

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('The app settings (name/value pairs), all of them: main.bicep is the one place they are listed.')
param appSettings array

@description('Blob container URL of the app package (Flex Consumption reads it with the identity).')
param deploymentContainerUrl string

@description('.NET version of the isolated worker.')
param dotnetVersion string

@description('Most instances Flex Consumption may scale out to.')
param maximumInstanceCount int

@description('Memory per instance in MB.')
param instanceMemoryMB int

@description('Paths that stay anonymous (no Entra ID sign-in).')
param anonymousPaths array

@description('Application (client) ID of the Entra ID app registration the secretariat signs in with.')
param entraClientId string

@description('Entra ID tenant of the secretariat\'s accounts.')
param entraTenantId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
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
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
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

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
