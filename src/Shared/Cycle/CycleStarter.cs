using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Cycle;

/// <summary>The year's cycle as found or created.</summary>
public sealed record CycleStartResult(FollowUpCycle Cycle, bool Created);

/// <summary>
/// Makes sure a year's cycle exists: planned with the year's schedule as the secretariat set it (YearContent's
/// <c>schedule</c> row), else with the default dates from the settings. The recommendations are not frozen here but
/// when the cycle opens (<see cref="Catalogue.YearCatalogues.FreezeAsync"/>), so they stay editable until then.
/// Idempotent: the timer and the secretariat's "start" may both call it, any number of times, concurrently.
/// </summary>
public sealed class CycleStarter(
    CycleRepository cycles,
    YearScheduleRepository schedules,
    AuditLogRepository audit,
    IOptions<CycleOptions> options,
    TimeProvider time,
    ILogger<CycleStarter> logger)
{
    /// <summary>The year whose cycle should exist now (see <see cref="CycleSchedule.YearToPlan"/>).</summary>
    public int YearToPlan() => CycleSchedule.YearToPlan(time.GetUtcNow(), options.Value);

    public async Task<CycleStartResult> EnsureCycleAsync(int year, string actor, CancellationToken ct = default)
    {
        var existing = await cycles.GetAsync(year, ct);
        if (existing is not null)
        {
            return new CycleStartResult(existing, false);
        }

        var planned = CycleSchedule.Plan(year, options.Value);
        if (await schedules.GetAsync(year, ct) is { } schedule)
        {
            planned = schedule.ApplyTo(planned, options.Value);
        }

        try
        {
            var created = await cycles.CreateAsync(planned, ct);
            logger.LogInformation("Created the {Year} cycle: opens {OpensAt}, deadline {Deadline}", year, created.OpensAt, created.Deadline);
            await audit.AppendAsync(new AuditEntry(
                year,
                time.GetUtcNow(),
                actor,
                "Oprettede opfølgningen",
                $"Åbner {DanishDates.DateAndTime(created.OpensAt)}, svarfrist {DanishDates.DateAndTime(created.Deadline)}."), ct);
            return new CycleStartResult(created, true);
        }
        catch (ConcurrencyConflictException)
        {
            // Created concurrently (timer and secretariat at once); theirs stands.
            return new CycleStartResult((await cycles.GetAsync(year, ct))!, false);
        }
    }
}
