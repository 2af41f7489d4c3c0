namespace Fremdrift.Shared.Domain;

/// <summary>Where a year's follow-up is.</summary>
public enum CycleState
{
    /// <summary>Created; invitations go out at <see cref="FollowUpCycle.OpensAt"/>.</summary>
    Planned,
    Open,
    Closed,
}

/// <summary>When reminders go out, and the limits that keep mail from becoming spam.</summary>
public sealed record ReminderPlan(
    IReadOnlyList<int> DaysBeforeDeadline,
    TimeOnly SendAt,
    int MaxRemindersPerJobcentre,
    TimeSpan MinimumGapBetweenMails)
{
    public static ReminderPlan Default { get; } = new([14, 7, 2], new TimeOnly(9, 0), 3, TimeSpan.FromHours(48));
}

/// <summary>
/// One year's follow-up. Times are UTC; they are computed in Europe/Copenhagen (see the cycle calendar).
/// <see cref="CatalogueYear"/> names the catalogue snapshot this cycle asks.
/// </summary>
public sealed record FollowUpCycle(
    int Year,
    int CatalogueYear,
    DateTimeOffset OpensAt,
    DateTimeOffset Deadline,
    ReminderPlan Reminders,
    bool CloseEarlyWhenAllSubmitted,
    CycleState State,
    DateTimeOffset? ClosedAt,
    string? ClosedReason,
    string Version)
{
    public string InstanceId => InstanceIdFor(Year);

    /// <summary>One orchestration instance per year, so that starting twice does nothing.</summary>
    public static string InstanceIdFor(int year) => $"followup-{year}";
}
