using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The cycles, one row per year. Every write also copies the row into the year's Responses partition (row key
/// <see cref="MirrorRowKey"/>), so that a form view or a submit sees a close or a moved deadline in the same
/// query that reads its response, on every app instance and without a read of its own. The Cycles row stays
/// the authority: the loop's load compares the copy with it each turn and writes it again if they differ (a
/// write that failed halfway, or two writers whose copies landed in the other order).
/// </summary>
public sealed class CycleRepository(StorageClients clients)
{
    /// <summary>Row key of the cycle's copy in the year's Responses partition (it sorts after every jobcentre's rows).</summary>
    internal const string MirrorRowKey = "cycle";

    private const string Partition = "cycle";
    private TableClient Table => clients.Table("Cycles");
    private TableClient Responses => clients.Table("Responses");
    private string ListKey => TableReadCache.Key(Table.Uri, Partition);

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

    /// <summary>
    /// The list as read at most <see cref="TableReadCache.ChangeableLifetime"/> ago (a write in this process drops
    /// it at once): for choosing which year to show, never for what a year's page says about its own cycle.
    /// </summary>
    public async Task<IReadOnlyList<FollowUpCycle>> ListCachedAsync(CancellationToken ct = default) =>
        (await TableReadCache.GetOrReadAsync<IReadOnlyList<FollowUpCycle>>(ListKey, async () => await ListAsync(CancellationToken.None), TableReadCache.ChangeableLifetime).WaitAsync(ct))!;

    /// <summary>Writes the cycle's copy into its year's Responses partition (idempotent).</summary>
    public Task WriteMirrorAsync(FollowUpCycle cycle, CancellationToken ct = default) =>
        clients.Guard(() => Responses.UpsertEntityAsync(Mirror(cycle), TableUpdateMode.Replace, ct));

    /// <summary>
    /// Writes the copy again from the Cycles row as it is now, unless someone else has written the copy since it
    /// was read as <paramref name="mirrorETag"/> (null: it was missing). Returns true if this call wrote it.
    /// </summary>
    public async Task<bool> RepairMirrorAsync(int year, string? mirrorETag, CancellationToken ct = default)
    {
        var current = await GetAsync(year, ct);
        if (current is null)
        {
            return false;
        }

        try
        {
            if (mirrorETag is null)
            {
                await clients.Guard(() => Responses.AddEntityAsync(Mirror(current), ct));
            }
            else
            {
                await clients.Guard(() => Responses.UpdateEntityAsync(Mirror(current), new ETag(mirrorETag), TableUpdateMode.Replace, ct));
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // A writer that changed the cycle meanwhile wrote its own copy; it is newer than ours.
            return false;
        }
    }

    /// <summary>The cycle's copy as it sits in the Responses partition, with the Cycles row's version.</summary>
    internal static TableEntity Mirror(FollowUpCycle cycle)
    {
        var row = CycleEntity.From(cycle);
        return new TableEntity(Key(cycle.Year), MirrorRowKey)
        {
            ["CatalogueYear"] = row.CatalogueYear,
            ["OpensAt"] = row.OpensAt,
            ["Deadline"] = row.Deadline,
            ["ReminderDays"] = row.ReminderDays,
            ["ReminderSendAt"] = row.ReminderSendAt,
            ["MaxReminders"] = row.MaxReminders,
            ["MinGapMinutes"] = row.MinGapMinutes,
            ["CloseEarly"] = row.CloseEarly,
            ["State"] = row.State,
            ["ClosedAt"] = row.ClosedAt,
            ["ClosedReason"] = row.ClosedReason,
            ["CycleVersion"] = cycle.Version,
        };
    }

    /// <summary>The cycle read back from its copy; its <see cref="FollowUpCycle.Version"/> is the Cycles row's ETag.</summary>
    internal static FollowUpCycle FromMirror(TableEntity mirror)
    {
        var row = new CycleEntity
        {
            RowKey = mirror.PartitionKey,
            CatalogueYear = mirror.GetInt32("CatalogueYear") ?? 0,
            OpensAt = mirror.GetDateTimeOffset("OpensAt") ?? DateTimeOffset.MinValue,
            Deadline = mirror.GetDateTimeOffset("Deadline") ?? DateTimeOffset.MinValue,
            ReminderDays = mirror.GetString("ReminderDays") ?? "",
            ReminderSendAt = mirror.GetString("ReminderSendAt") ?? "09:00",
            MaxReminders = mirror.GetInt32("MaxReminders") ?? 0,
            MinGapMinutes = mirror.GetInt32("MinGapMinutes") ?? 0,
            CloseEarly = mirror.GetBoolean("CloseEarly") ?? false,
            State = mirror.GetString("State") ?? nameof(CycleState.Planned),
            ClosedAt = mirror.GetDateTimeOffset("ClosedAt"),
            ClosedReason = mirror.GetString("ClosedReason"),
        };
        return row.ToDomain() with { Version = mirror.GetString("CycleVersion") ?? "" };
    }

    /// <summary>Creates the year's cycle; throws <see cref="ConcurrencyConflictException"/> if it exists.</summary>
    public async Task<FollowUpCycle> CreateAsync(FollowUpCycle cycle, CancellationToken ct = default)
    {
        TableReadCache.Remove(ListKey);
        var etag = await TableOperations.AddAsync(clients, Table, CycleEntity.From(cycle), $"Opfølgningen for {cycle.Year}", ct);
        TableReadCache.Remove(ListKey);
        var created = cycle with { Version = etag.ToString() };
        await WriteMirrorAsync(created, ct);
        return created;
    }

    /// <summary>Replaces the cycle if nobody changed it since <see cref="FollowUpCycle.Version"/> was read.</summary>
    public async Task<FollowUpCycle> UpdateAsync(FollowUpCycle cycle, CancellationToken ct = default)
    {
        TableReadCache.Remove(ListKey);
        var etag = await TableOperations.UpdateAsync(clients, Table, CycleEntity.From(cycle), cycle.Version, $"Opfølgningen for {cycle.Year}", ct);
        TableReadCache.Remove(ListKey);
        var updated = cycle with { Version = etag.ToString() };
        await WriteMirrorAsync(updated, ct);
        return updated;
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
