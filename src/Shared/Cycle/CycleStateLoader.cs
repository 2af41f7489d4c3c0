using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Reads a <see cref="CycleSnapshot"/> from storage, whole, every turn: the cycle row, then side by side the year's
/// response states (header rows) with its send log (one query: they share the year's partition) and the directory,
/// each with only the columns the decider looks at ($select, without OData metadata), and, once closed, whether the final bilag exists. Nothing is kept between turns, so what the decider sees is what
/// storage holds now, whichever app instance wrote it (docs/performance.md gives the bytes per jobcentre).
/// </summary>
public sealed class CycleStateLoader(
    CycleRepository cycles,
    JobcentreRepository directory,
    ResponseRepository responses,
    IOptions<CycleOptions> options,
    ICycleDocuments documents)
{
    /// <summary>
    /// The decider's snapshot: of each jobcentre only what the decider reads (active, address, bounce, its response's
    /// state and last submission's id, its mails' steps, statuses and times); names are left empty.
    /// </summary>
    public Task<CycleSnapshot> LoadAsync(int year, CancellationToken ct = default) => LoadAsync(year, forPages: false, ct);

    /// <summary>The snapshot with each jobcentre's name as well, for a secretariat command's confirmation page.</summary>
    public Task<CycleSnapshot> LoadForPagesAsync(int year, CancellationToken ct = default) => LoadAsync(year, forPages: true, ct);

    private async Task<CycleSnapshot> LoadAsync(int year, bool forPages, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is null)
        {
            return Snapshot(year, null, [], [], [], bilagBuilt: false);
        }

        var jobcentresTask = directory.ListForCycleAsync(withNames: forPages, ct);
        var rowsTask = responses.ListStatusesAndSendLogAsync(year, ct);
        await Task.WhenAll(jobcentresTask, rowsTask);
        var (statuses, log) = await rowsTask;

        var bilagBuilt = false;
        if (cycle.State == CycleState.Closed)
        {
            // After a reopening, the bilag of the latest close (made at or after it) counts.
            bilagBuilt = (await documents.ListAsync(year, ct)).Any(d => d.Kind == DocumentKind.Bilag && (cycle.Reopened == 0 || d.CreatedAt >= cycle.ClosedAt));
        }

        return Snapshot(year, cycle, await jobcentresTask, statuses, log, bilagBuilt);
    }

    /// <summary>
    /// The snapshot from data already read (the secretariat's status page reads it together with what it shows).
    /// <paramref name="bilagBuilt"/> is what the caller knows; the decider needs it only after the close.
    /// </summary>
    public CycleSnapshot Snapshot(
        int year,
        FollowUpCycle? cycle,
        IReadOnlyList<JobcentreForCycle> jobcentres,
        IEnumerable<ResponseStatus> responseStatuses,
        IReadOnlyList<SendLogEntry> log,
        bool bilagBuilt)
    {
        // Every host registers the documents services, so the steps after the close can always run.
        const bool postCloseAvailable = true;
        if (cycle is null)
        {
            return new CycleSnapshot(year, null, [], [], postCloseAvailable, false, options.Value.DeferredRetryAfter);
        }

        var byCode = responseStatuses.ToDictionary(r => r.MunicipalityCode);
        var mails = log.ToLookup(e => e.MunicipalityCode, e => new MailRecord(e.Step, e.Status, e.At, e.Reason));
        var states = jobcentres.Select(j =>
        {
            byCode.TryGetValue(j.MunicipalityCode, out var response);
            return new JobcentreCycleState(
                j.MunicipalityCode,
                j.Name,
                j.Active,
                j.HasAddress,
                j.MailBlocked,
                response?.State ?? ResponseState.NotOpened,
                response?.IsSubmitted ?? false,
                mails[j.MunicipalityCode].ToList()) { SubmissionId = response is { IsSubmitted: true } ? response.LastSubmissionId : null };
        }).ToList();

        return new CycleSnapshot(year, cycle, states, mails[0].ToList(), postCloseAvailable, bilagBuilt, options.Value.DeferredRetryAfter);
    }
}
