using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The cycles, one row per year: the one place a cycle's state, deadline and schedule are kept. Every reader reads
/// the row itself (a form view reads it beside the response, side by side), so a close or a moved deadline written
/// by any app instance is seen by the next request everywhere.
/// </summary>
public sealed class CycleRepository(StorageClients clients)
{
    private const string Partition = "cycle";
    private TableClient Table => clients.Table("Cycles");

    public async Task<FollowUpCycle?> GetAsync(int year, CancellationToken ct = default)
    {
        var entity = await TableOperations.GetAsync<CycleEntity>(clients, Table, Partition, Key(year), ct);
        return entity?.ToDomain();
    }

    public async Task<IReadOnlyList<FollowUpCycle>> ListAsync(CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<CycleEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), ct);
        return rows.Select(r => r.ToDomain()).OrderBy(c => c.Year).ToList();
    }

    /// <summary>Creates the year's cycle; throws <see cref="ConcurrencyConflictException"/> if it exists.</summary>
    public async Task<FollowUpCycle> CreateAsync(FollowUpCycle cycle, CancellationToken ct = default)
    {
        var etag = await TableOperations.AddAsync(clients, Table, CycleEntity.From(cycle), $"Opfølgningen for {cycle.Year}", ct);
        return cycle with { Version = etag.ToString() };
    }

    /// <summary>Replaces the cycle if nobody changed it since <see cref="FollowUpCycle.Version"/> was read.</summary>
    public async Task<FollowUpCycle> UpdateAsync(FollowUpCycle cycle, CancellationToken ct = default)
    {
        var etag = await TableOperations.UpdateAsync(clients, Table, CycleEntity.From(cycle), cycle.Version, $"Opfølgningen for {cycle.Year}", ct);
        return cycle with { Version = etag.ToString() };
    }

    private static string Key(int year) => year.ToString(CultureInfo.InvariantCulture);

    private sealed class CycleEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public int CatalogueYear { get; set; }
        public DateTimeOffset OpensAt { get; set; }
        public DateTimeOffset Deadline { get; set; }
        public string ReminderDays { get; set; } = "";
        public string ReminderSendAt { get; set; } = "09:00";
        public int MaxReminders { get; set; }
        public int MinGapMinutes { get; set; }
        public bool CloseEarly { get; set; }
        public string State { get; set; } = "";
        public DateTimeOffset? ClosedAt { get; set; }
        public string? ClosedReason { get; set; }
        public int ManualReminderNo { get; set; }
        public DateTimeOffset? ManualReminderAt { get; set; }
        public bool ManualReminderIgnoreGap { get; set; }
        public int DeadlineNotice { get; set; }
        public DateTimeOffset? DeadlineNoticeAt { get; set; }
        public int Reopened { get; set; }

        public static CycleEntity From(FollowUpCycle c) => new()
        {
            RowKey = Key(c.Year),
            CatalogueYear = c.CatalogueYear,
            OpensAt = c.OpensAt.ToUniversalTime(),
            Deadline = c.Deadline.ToUniversalTime(),
            ReminderDays = string.Join(',', c.Reminders.DaysBeforeDeadline),
            ReminderSendAt = c.Reminders.SendAt.ToString("HH\\:mm", CultureInfo.InvariantCulture),
            MaxReminders = c.Reminders.MaxRemindersPerJobcentre,
            MinGapMinutes = (int)c.Reminders.MinimumGapBetweenMails.TotalMinutes,
            CloseEarly = c.CloseEarlyWhenAllSubmitted,
            State = c.State.ToString(),
            ClosedAt = c.ClosedAt?.ToUniversalTime(),
            ClosedReason = c.ClosedReason,
            ManualReminderNo = c.ManualReminder?.Number ?? 0,
            ManualReminderAt = c.ManualReminder?.RequestedAt.ToUniversalTime(),
            ManualReminderIgnoreGap = c.ManualReminder?.IgnoreGap ?? false,
            DeadlineNotice = c.DeadlineNotice,
            DeadlineNoticeAt = c.DeadlineNoticeAt?.ToUniversalTime(),
            Reopened = c.Reopened,
        };

        public FollowUpCycle ToDomain() => new(
            int.Parse(RowKey, CultureInfo.InvariantCulture),
            CatalogueYear,
            OpensAt,
            Deadline,
            new ReminderPlan(
                ReminderDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList(),
                TimeOnly.ParseExact(ReminderSendAt, "HH\\:mm", CultureInfo.InvariantCulture),
                MaxReminders,
                TimeSpan.FromMinutes(MinGapMinutes)),
            CloseEarly,
            Enum.Parse<CycleState>(State),
            ClosedAt,
            ClosedReason,
            ETag.ToString())
        {
            ManualReminder = ManualReminderNo > 0 && ManualReminderAt is { } asked ? new ManualReminderRequest(ManualReminderNo, asked, ManualReminderIgnoreGap) : null,
            DeadlineNotice = DeadlineNotice,
            DeadlineNoticeAt = DeadlineNoticeAt,
            Reopened = Reopened,
        };
    }
}
