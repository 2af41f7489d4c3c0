// Test installation: sends real mail only to the addresses in its own directory; purge protection off so that it
// can be torn down and created again under the same names.
using 'main.bicep'

param environmentName = 'dev'
param maximumInstanceCount = 4
param keyVaultPurgeProtection = false
param mailFromEmail = readEnvironmentVariable('FREMDRIFT_MAIL_FROM', 'fremdrift-test@kkr-hovedstaden.example')
// SendGrid (default) or Graph: the secretariat's own Microsoft 365 mailbox, after an administrator's grant (docs/deployment.md).
param mailProvider = readEnvironmentVariable('FREMDRIFT_MAIL_PROVIDER', 'SendGrid')
param graphMailbox = readEnvironmentVariable('FREMDRIFT_GRAPH_MAILBOX', '')
param operatorAlertEmail = readEnvironmentVariable('FREMDRIFT_OPERATOR_EMAIL', '')
param mailFromName = 'KKR Hovedstaden (test)'
param mailNoticeEmail = readEnvironmentVariable('FREMDRIFT_SECRETARIAT_EMAIL', 'sekretariat@kkr-hovedstaden.example')
param mailContactText = 'KKR Hovedstadens sekretariat (testmiljø)'
// Set by scripts/deploy.sh (it creates or finds the app registration); the zero GUID only lets CI build this file.
param entraClientId = readEnvironmentVariable('FREMDRIFT_ENTRA_CLIENT_ID', '00000000-0000-0000-0000-000000000000')
param operatorPrincipalId = readEnvironmentVariable('FREMDRIFT_OPERATOR_ID', '')
// From the environment (scripts/deploy.sh requires both); the placeholders only let CI build this file, and
// deploy.sh refuses to deploy with them.
param bounceWebhookVerificationKey = readEnvironmentVariable('FREMDRIFT_SENDGRID_WEBHOOK_KEY', 'unset')
param staffGroupOrRole = readEnvironmentVariable('FREMDRIFT_SECRETARIAT_GROUP', '00000000-0000-0000-0000-000000000000')
