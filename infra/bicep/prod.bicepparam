// Production: mails the 29 jobcentre chiefs for real. The sender must be verified in SendGrid (README, "Deploy to
// Azure"). Replace the .example addresses here, or set them in the environment; scripts/deploy.sh refuses to
// deploy production with an .example sender.
using 'main.bicep'

param environmentName = 'prod'
param maximumInstanceCount = 10
param keyVaultPurgeProtection = true
param logRetentionDays = 90
param documentSoftDeleteDays = 90
param mailFromEmail = readEnvironmentVariable('FREMDRIFT_MAIL_FROM', 'fremdrift@kkr-hovedstaden.example')
// SendGrid (default) or Graph: the secretariat's own Microsoft 365 mailbox, after an administrator's grant (docs/deployment.md).
param mailProvider = readEnvironmentVariable('FREMDRIFT_MAIL_PROVIDER', 'SendGrid')
param graphMailbox = readEnvironmentVariable('FREMDRIFT_GRAPH_MAILBOX', '')
param operatorAlertEmail = readEnvironmentVariable('FREMDRIFT_OPERATOR_EMAIL', '')
param mailFromName = 'KKR Hovedstadens sekretariat'
param mailNoticeEmail = readEnvironmentVariable('FREMDRIFT_SECRETARIAT_EMAIL', 'sekretariat@kkr-hovedstaden.example')
param mailContactText = readEnvironmentVariable('FREMDRIFT_SECRETARIAT_CONTACT', 'KKR Hovedstadens sekretariat, sekretariat@kkr-hovedstaden.example')
// Set by scripts/deploy.sh (it creates or finds the app registration); the zero GUID only lets CI build this file,
// and deploy.sh refuses to deploy with it.
param entraClientId = readEnvironmentVariable('FREMDRIFT_ENTRA_CLIENT_ID', '00000000-0000-0000-0000-000000000000')
param operatorPrincipalId = readEnvironmentVariable('FREMDRIFT_OPERATOR_ID', '')
// From the environment (scripts/deploy.sh requires both); the placeholders only let CI build this file, and
// deploy.sh refuses to deploy with them.
param bounceWebhookVerificationKey = readEnvironmentVariable('FREMDRIFT_SENDGRID_WEBHOOK_KEY', 'unset')
param staffGroupOrRole = readEnvironmentVariable('FREMDRIFT_SECRETARIAT_GROUP', '00000000-0000-0000-0000-000000000000')
