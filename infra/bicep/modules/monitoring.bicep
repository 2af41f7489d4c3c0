// Logs and telemetry (Log Analytics + Application Insights, Entra-only ingestion), and the alerts: an action group
// that mails the operator and the secretariat, and log search alert rules over what the app writes. The rules query
// the app's stable event names (src/Shared/Monitoring/AlertEvents.cs, logged with their EventId into
// customDimensions.EventName) and the Durable extension's own tracking events; docs/deployment.md lists them.

@description('Base of the resource names (log-…, appi-…, ag-…, alert-…).')
param namePrefix string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Days Log Analytics keeps logs and Application Insights telemetry.')
param logRetentionDays int

@description('Who gets the alert mails: name (shown in the action group) and address.')
param alertRecipients array

@description('Exceptions per hour above which the exception alert fires.')
param exceptionThreshold int

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: 'log-${namePrefix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry only with an Entra token (the app's identity), never with the instrumentation key alone.
    DisableLocalAuth: true
    RetentionInDays: logRetentionDays
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('fremdrift', 12)
    enabled: true
    emailReceivers: [
      for recipient in alertRecipients: {
        name: recipient.name
        emailAddress: recipient.address
        useCommonAlertSchema: true
      }
    ]
  }
}

// One rule per thing that stops the cycle, each a KQL query over Application Insights whose rows are the findings.
// evaluationFrequency: how often; windowSize / overrideQueryTimeRange: how far back the query sees.
var rules = [
  {
    name: 'orchestration-failed'
    displayName: 'Fremdrift: årshjulets orkestrering fejlede'
    description: 'The year\'s Durable orchestration (FollowUpCycleOrchestrator) ended Failed. The daily timer starts it again; look at the exception in Application Insights first.'
    severity: 1
    frequency: 'PT15M'
    range: 'PT30M'
    query: '''
      traces
      | where tostring(customDimensions.Category) startswith "Host.Triggers.DurableTask"
      | where tostring(customDimensions.prop__functionName) == "FollowUpCycleOrchestrator"
      | where tostring(customDimensions.prop__state) == "Failed"
      | project timestamp, instanceId = tostring(customDimensions.prop__instanceId), reason = tostring(customDimensions.prop__reason)
      '''
  }
  {
    name: 'turn-overdue'
    displayName: 'Fremdrift: årshjulet er ikke vågnet'
    description: 'The loop logged that it waits until a time (CycleWaiting) more than an hour ago, and has logged no turn since (neither CycleWaiting nor CycleFinished).'
    severity: 1
    frequency: 'PT15M'
    range: 'P2D'
    query: '''
      traces
      | extend event = tostring(customDimensions.EventName), year = tostring(customDimensions.Year), wake = todatetime(tostring(customDimensions.PlannedWakeUp))
      | where event in ("CycleWaiting", "CycleFinished")
      | summarize arg_max(timestamp, event, wake) by year
      | where event == "CycleWaiting" and wake < ago(1h)
      '''
  }
  {
    name: 'mail-failed'
    displayName: 'Fremdrift: en mail blev ikke sendt'
    description: 'A mail step ended Failed (MailStepNotSent with Status Failed: the provider refused it, or it kept failing), or the Graph mailbox could not be read for bounces (MailboxReadFailed). The secretariat\'s page names the jobcentre and the reason.'
    severity: 2
    frequency: 'PT15M'
    range: 'PT30M'
    query: '''
      traces
      | extend event = tostring(customDimensions.EventName)
      | where (event == "MailStepNotSent" and tostring(customDimensions.Status) == "Failed") or event == "MailboxReadFailed"
      | project timestamp, event, step = tostring(customDimensions.Step), jobcentre = tostring(customDimensions.Jobcentre), reason = tostring(customDimensions.Reason)
      '''
  }
  {
    name: 'exceptions'
    displayName: 'Fremdrift: mange fejl'
    description: 'More exceptions in an hour than the threshold.'
    severity: 2
    frequency: 'PT1H'
    range: 'PT1H'
    query: 'exceptions | summarize count_ = count() | where count_ > ${exceptionThreshold}'
  }
  {
    name: 'cycle-not-opened'
    displayName: 'Fremdrift: årets opfølgning er ikke åbnet'
    description: 'The daily timer\'s check (CycleChecked) finds the year\'s cycle still Planned more than a day after its planned opening.'
    severity: 1
    frequency: 'PT6H'
    range: 'P2D'
    query: '''
      traces
      | where tostring(customDimensions.EventName) == "CycleChecked"
      | extend year = tostring(customDimensions.Year), state = tostring(customDimensions.State), opens = todatetime(tostring(customDimensions.OpensAt))
      | summarize arg_max(timestamp, state, opens) by year
      | where state == "Planned" and opens < ago(1d)
      '''
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.frequency
      overrideQueryTimeRange: rule.range == rule.frequency ? null : rule.range
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output appInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
output alertRuleNames array = [for (rule, i) in rules: alerts[i].name]
