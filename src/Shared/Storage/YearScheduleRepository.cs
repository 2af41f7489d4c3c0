using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Cycle;

namespace Fremdrift.Shared.Storage;

/// <summary>A year's schedule as the secretariat set it: the <c>schedule</c> row of YearContent, written with its ETag.</summary>
public sealed class YearScheduleRepository(StorageClients clients)
{
    private const string RowKey = "schedule";

    private TableClient Table => clients.Table(YearContentTable.Name);

    public async Task<YearSchedule?> GetAsync(int year, CancellationToken ct = default)
    {
        var row = await TableOperations.GetAsync<TableEntity>(clients, Table, YearContentTable.Partition(year), RowKey, ct);
        if (row is null)
        {
            return null;
        }

        return new YearSchedule(
            year,
            DateOnly.ParseExact(row.GetString("OpensOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(row.GetString("DeadlineOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            (row.GetString("ReminderDays") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList(),
            row.ETag.ToString());
    }

    /// <summary>Writes the schedule if nobody changed it since its version was read (empty: if none is stored). Throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    public async Task<YearSchedule> SaveAsync(YearSchedule schedule, CancellationToken ct = default)
    {
        var row = new TableEntity(YearContentTable.Partition(schedule.Year), RowKey)
        {
            ["OpensOn"] = schedule.OpensOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["DeadlineOn"] = schedule.DeadlineOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ReminderDays"] = schedule.ReminderDaysText,
        };
        var what = $"Tidsplanen for {schedule.Year}";
        ETag etag = schedule.Version.Length == 0
            ? await TableOperations.AddAsync(clients, Table, row, what, ct)
            : await TableOperations.UpdateAsync(clients, Table, row, schedule.Version, what, ct);
        return schedule with { Version = etag.ToString() };
    }
}
