using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Everything the secretariat's status page shows about one year, as read by <see cref="SecretariatStatusReader"/>.</summary>
public sealed record SecretariatStatusData(
    int Year,
    CycleSnapshot Snapshot,
    IReadOnlyList<SendLogEntry> SendLog,
    IReadOnlyDictionary<int, Jobcentre> Directory,
    IReadOnlyList<CycleYear> Years,
    Domain.Catalogue? Catalogue,
    IReadOnlyDictionary<int, SurveyResponse> Responses);

/// <summary>
/// Reads the status page side by side, in one round trip of three requests: the year's Responses partition (the
/// answers for the matrix and the send log, which shares the partition), the directory and the list of cycles (this year's cycle and the year switch). The audit log
/// is a page of its own (<see cref="SecretariatHandler"/>, <c>?vis=log</c>). Nothing mutable comes from memory, so the page shows what storage holds now, whichever app instance
/// wrote it; only the catalogue snapshot (never changed once written) is kept. The page's snapshot is built from the
/// same rows, so nothing is read twice.
/// </summary>
public sealed class SecretariatStatusReader(
    CycleRepository cycles,
    CycleStateLoader loader,
    JobcentreRepository directory,
    ResponseRepository responses,
    CatalogueRepository catalogues)
{
    /// <summary>
    /// The page's data for <paramref name="year"/>; <paramref name="cycleList"/> is the list of cycles when the caller
    /// has just read it (to choose the year), so that it is not read twice.
    /// </summary>
    public async Task<SecretariatStatusData> ReadAsync(int year, IReadOnlyList<FollowUpCycle>? cycleList, CancellationToken ct)
    {
        var partitionTask = responses.ListWithSendLogAsync(year, ct);
        var directoryTask = directory.ListAsync(ct);
        var cyclesTask = cycleList is null ? cycles.ListAsync(ct) : Task.FromResult(cycleList);
        await Task.WhenAll(partitionTask, directoryTask, cyclesTask);

        var years = await cyclesTask;
        var cycle = years.FirstOrDefault(c => c.Year == year);
        var jobcentres = await directoryTask;
        var (answers, log) = await partitionTask;
        var statuses = answers.Select(r => new ResponseStatus(r.MunicipalityCode, r.State, r.IsSubmitted));

        // The page does not show whether the final bilag exists (the documents page does), so no blob listing here.
        var snapshot = loader.Snapshot(year, cycle, jobcentres.Select(JobcentreForCycle.Of).ToList(), statuses, log, bilagBuilt: false);
        var catalogue = cycle is null ? null : await catalogues.GetAsync(cycle.CatalogueYear, ct);
        var switcher = years.Select(c => new CycleYear(c.Year, c.State)).OrderByDescending(y => y.Year).ToList();

        return new SecretariatStatusData(
            year,
            snapshot,
            log,
            jobcentres.ToDictionary(j => j.MunicipalityCode),
            switcher,
            catalogue,
            answers.ToDictionary(r => r.MunicipalityCode));
    }
}
