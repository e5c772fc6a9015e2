// Azure resources for the partner-of-record bot, in the layout of the Microsoft 365 Agents Toolkit's bot
// templates (infra/azure.bicep + infra/botRegistration/azurebot.bicep, outputs written to env/.env.<env>).
// Everything signs in with one user-assigned managed identity: the Azure Bot, Blob Storage (data-plane role,
// shared keys turned off) and Application Insights ingestion (Entra, local auth off). No secret is created.
// Not deployed from the machine this was written on (no Azure access there): docs/deploy.md says what was checked.

@maxLength(20)
@minLength(4)
@description('Used to name every resource (lower case letters and digits for the storage account).')
param resourceBaseName string

@description('App Service plan SKU: B1 is enough for a tenant; P1v3 for several instances.')
param webAppSKU string = 'B1'

@maxLength(42)
@description('Name of the bot shown in Azure.')
param botDisplayName string

@description('Azure region of the resources (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('Tenants allowed to use the bot (comma-separated tenant ids). Empty: the identity\'s own tenant only.')
param allowedTenants string = ''

@description('embedded (the demo data, for a first look) or http (your billing service, docs/backends.md).')
@allowed(['embedded', 'http'])
param billingBackend string = 'embedded'

@description('With billingBackend=http: the billing service base URL.')
param billingBaseUrl string = ''

@description('With billingBackend=http: the billing API app ID URI the bot asks tokens for (BILLING_AUTH=entra).')
param billingScope string = ''

@description('graph: user roles from Microsoft Graph with the managed identity (grant the permissions of docs/deploy.md). embedded: demo roles.')
@allowed(['embedded', 'graph'])
param directoryBackend string = 'graph'

@description('Helpdesk team channel for handoff tickets (docs/partners-and-helpdesk.md); empty turns handoff to a channel off.')
param helpdeskTeamId string = ''
param helpdeskChannelId string = ''

@description('Optional language model for unsure messages (docs/nlu.md): off, unsure or always. Message text then goes to that endpoint.')
@allowed([ 'off', 'unsure', 'always' ])
param nluLlm string = 'off'
@description('With nluLlm on: an Azure OpenAI v1 endpoint, e.g. https://NAME.openai.azure.com/openai/v1; the identity needs "Cognitive Services OpenAI User" on it')
param llmBaseUrl string = ''
@description('With nluLlm on: the Azure OpenAI deployment name')
param llmModel string = ''

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param identityName string = resourceBaseName
param storageAccountName string = toLower(replace('${resourceBaseName}st', '-', ''))
param blobContainerName string = 'partner-bot'

// Built-in role definitions.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: blobContainerName
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry is accepted only with an Entra token (the managed identity's), not with the key alone.
    DisableLocalAuth: true
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: { name: webAppSKU }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm start'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Ready = the store answers, the NLU model is loaded, the instance is not stopping (GET /readyz);
      // App Service takes an instance that is not ready out of rotation. GET /healthz is liveness only.
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'NODE_ENV', value: 'production' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'PORT', value: '8080' }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: identity.properties.tenantId }
        { name: 'ALLOWED_TENANTS', value: empty(allowedTenants) ? identity.properties.tenantId : allowedTenants }
        { name: 'STORE_BACKEND', value: 'blob' }
        { name: 'BLOB_AUTH', value: 'managedIdentity' }
        { name: 'BLOB_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
        { name: 'BLOB_CONTAINER', value: blobContainerName }
        { name: 'DATA_DIR', value: '/home/data' }
        { name: 'DEMO_SEED', value: billingBackend == 'embedded' ? 'true' : 'false' }
        { name: 'DIRECTORY_BACKEND', value: directoryBackend }
        { name: 'GRAPH_AUTH', value: 'managedIdentity' }
        { name: 'BILLING_BACKEND', value: billingBackend }
        { name: 'BILLING_BASE_URL', value: billingBaseUrl }
        { name: 'BILLING_AUTH', value: billingBackend == 'http' ? 'entra' : 'apiKey' }
        { name: 'BILLING_SCOPE', value: billingScope }
        { name: 'NLU_LLM', value: nluLlm }
        { name: 'LLM_BASE_URL', value: llmBaseUrl }
        { name: 'LLM_MODEL', value: llmModel }
        { name: 'LLM_AUTH', value: 'managedIdentity' }
        { name: 'HELPDESK_ENABLED', value: empty(helpdeskChannelId) ? 'false' : 'true' }
        { name: 'HELPDESK_TEAM_ID', value: helpdeskTeamId }
        { name: 'HELPDESK_CHANNEL_ID', value: helpdeskChannelId }
        { name: 'HELPDESK_TENANT_ID', value: identity.properties.tenantId }
        // Telemetry to Application Insights, signed with the managed identity (local auth is off): docs/operations.md.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTH', value: 'managedIdentity' }
        { name: 'OTEL_SERVICE_NAME', value: webAppName }
        // A stop waits up to 20 s for changes in flight; App Service waits 30 s before it kills the container.
        { name: 'SHUTDOWN_GRACE_MS', value: '20000' }
        { name: 'WEBSITES_CONTAINER_STOP_TIME_LIMIT', value: '30' }
      ]
    }
  }
  dependsOn: [blobRole, insightsRole, container]
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
    botDisplayName: botDisplayName
  }
}

// Written to env/.env.<environment> by the toolkit; m365agents.yml and docs/deploy.md use them.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output BOT_STORAGE_ACCOUNT string = storage.name
