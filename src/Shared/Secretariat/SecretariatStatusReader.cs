using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Everything the secretariat's status page shows about one year, as read by <see cref="SecretariatStatusReader"/>.</summary>
public sealed record SecretariatStatusData(
    int Year,
    CycleSnapshot Snapshot,
    IReadOnlyList<SendLogEntry> SendLog,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyDictionary<int, Jobcentre> Directory,
    IReadOnlyList<CycleYear> Years,
    Domain.Catalogue? Catalogue,
    IReadOnlyDictionary<int, SurveyResponse> Responses);

/// <summary>
/// Reads the status page in three storage requests, side by side: the year's Responses partition (the answers
/// for the matrix, and the cycle's copy that every cycle write keeps there, so the page shows the cycle as it
/// is now), the send log and one page of the audit log. The catalogue never changes and comes from memory; the
/// directory and the list of years (for the year switch) are copies at most 30 seconds old, dropped at once by a
/// write in this process (docs/performance.md says why that is safe). The page's snapshot is built from the
/// same rows, so nothing is read twice.
/// </summary>
public sealed class SecretariatStatusReader(
    CycleRepository cycles,
    CycleStateLoader loader,
    JobcentreRepository directory,
    ResponseRepository responses,
    SendLogRepository sendLog,
    AuditLogRepository audit,
    CatalogueRepository catalogues)
{
    /// <summary>How many audit entries the page lists (newest first).</summary>
    public const int AuditEntries = 50;

    public async Task<SecretariatStatusData> ReadAsync(int year, CancellationToken ct)
    {
        var responsesTask = responses.ListWithCycleAsync(year, ct);
        var logTask = sendLog.ListAsync(year, ct);
        var auditTask = audit.ListAsync(year, AuditEntries, ct);
        var directoryTask = directory.ListCachedAsync(ct);
        var cyclesTask = cycles.ListCachedAsync(ct);
        await Task.WhenAll(responsesTask, logTask, auditTask, directoryTask, cyclesTask);

        var read = await responsesTask;
        var years = await cyclesTask;
        var cycle = read.Cycle;
        if (cycle is null && years.Any(c => c.Year == year))
        {
            // A cycle whose copy is not in the partition yet (written before copies existed): the row itself.
            cycle = await cycles.GetAsync(year, ct);
        }

        var jobcentres = await directoryTask;
        var log = await logTask;
        var statuses = read.Responses.Select(r => new ResponseStatus(r.MunicipalityCode, r.State, r.IsSubmitted));

        // The page does not show whether the final bilag exists (the documents page does), so no blob listing here.
        var snapshot = loader.Snapshot(year, cycle, jobcentres, statuses, log, bilagBuilt: false);
        var catalogue = cycle is null ? null : await catalogues.GetAsync(cycle.CatalogueYear, ct);

        // The year switch comes from the copy of the list; the shown year's own state is the one just read.
        var switcher = years.Where(c => c.Year != year).Select(c => new CycleYear(c.Year, c.State))
            .Concat(cycle is null ? [] : [new CycleYear(cycle.Year, cycle.State)])
            .OrderByDescending(y => y.Year)
            .ToList();

        return new SecretariatStatusData(
            year,
            snapshot,
            log,
            await auditTask,
            jobcentres.ToDictionary(j => j.MunicipalityCode),
            switcher,
            catalogue,
            read.Responses.ToDictionary(r => r.MunicipalityCode));
    }
}
