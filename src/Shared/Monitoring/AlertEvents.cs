using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Monitoring;

/// <summary>
/// Log events that the Azure alert rules (infra/bicep/modules/monitoring.bicep) query by name in Application
/// Insights (customDimensions.EventName). Their names and the named properties of their messages are a contract
/// with those rules: renaming one silences an alert. docs/deployment.md lists them.
/// </summary>
public static class AlertEvents
{
    /// <summary>The daily timer's check of the year's cycle: Year, State, OpensAt (a cycle still Planned a day after OpensAt alerts).</summary>
    public static readonly EventId CycleChecked = new(1001, nameof(CycleChecked));

    /// <summary>The loop finished a turn and waits: Year, PlannedWakeUp (no later turn an hour after it alerts).</summary>
    public static readonly EventId CycleWaiting = new(1002, nameof(CycleWaiting));

    /// <summary>The loop needs nothing more for the year and ends (no wake-up is due after this).</summary>
    public static readonly EventId CycleFinished = new(1003, nameof(CycleFinished));

    /// <summary>A mail step was not sent: Step, Jobcentre, Year, Status (Failed alerts; Deferred is retried), Reason.</summary>
    public static readonly EventId MailStepNotSent = new(2001, nameof(MailStepNotSent));

    /// <summary>The Graph mailbox could not be read for non-delivery reports (bounces go unseen until it can).</summary>
    public static readonly EventId MailboxReadFailed = new(2002, nameof(MailboxReadFailed));
}
