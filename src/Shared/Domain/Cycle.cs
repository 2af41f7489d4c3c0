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

    /// <summary>Why the cycle was closed (null while open); the words are the views' (see <see cref="CloseReason"/>).</summary>
    public CloseReason? CloseReason => CloseReasonNames.Parse(ClosedReason);

    /// <summary>The secretariat's latest "Send påmindelse nu", which the loop carries out (null: none asked).</summary>
    public ManualReminderRequest? ManualReminder { get; init; }

    /// <summary>
    /// How many times the deadline was moved with a notice to the chiefs, and when it was last asked for; the loop
    /// sends notice number <see cref="DeadlineNotice"/> once per jobcentre that has not submitted.
    /// </summary>
    public int DeadlineNotice { get; init; }

    public DateTimeOffset? DeadlineNoticeAt { get; init; }

    /// <summary>How many times the closed cycle has been reopened with a new deadline (0: never).</summary>
    public int Reopened { get; init; }

    /// <summary>One orchestration instance per year, so that starting twice does nothing.</summary>
    public static string InstanceIdFor(int year) => $"followup-{year}";
}

/// <summary>
/// A manual reminder round asked for by the secretariat: number <see cref="Number"/> (send-log step
/// "reminder-{100 + Number}"), asked at <see cref="RequestedAt"/>; <see cref="IgnoreGap"/> sends it even to a
/// jobcentre mailed less than the minimum gap ago.
/// </summary>
public sealed record ManualReminderRequest(int Number, DateTimeOffset RequestedAt, bool IgnoreGap);

/// <summary>Why a cycle was closed. Stored by name; the Danish words live with the views and mails.</summary>
public enum CloseReason
{
    Deadline,
    AllSubmitted,
    Secretariat,
}

/// <summary>The stored form of a <see cref="CloseReason"/>.</summary>
internal static class CloseReasonNames
{
    /// <summary>
    /// The reason from its stored name; rows written before the reasons were typed hold the Danish sentence, which
    /// is read back too. Null for an open cycle or an unknown text.
    /// </summary>
    public static CloseReason? Parse(string? stored) => stored switch
    {
        null or "" => null,
        "Svarfristen er nået." => CloseReason.Deadline,
        "Alle jobcentre har indsendt." => CloseReason.AllSubmitted,
        "Lukket af sekretariatet." => CloseReason.Secretariat,
        _ => Enum.TryParse<CloseReason>(stored, out var reason) ? reason : null,
    };
}
