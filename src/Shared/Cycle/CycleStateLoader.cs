using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Reads a <see cref="CycleSnapshot"/> from storage: the cycle row, the directory, the year's responses and
/// send log (one partition query each), and, once closed, whether the final bilag exists.
/// </summary>
public sealed class CycleStateLoader(
    CycleRepository cycles,
    JobcentreRepository directory,
    ResponseRepository responses,
    SendLogRepository sendLog,
    IOptions<CycleOptions> options,
    ICycleDocuments documents)
{
    public async Task<CycleSnapshot> LoadAsync(int year, CancellationToken ct = default)
    {
        var cycle = await cycles.GetAsync(year, ct);
        // Every host registers the documents services, so the steps after the close can always run.
        const bool postCloseAvailable = true;
        if (cycle is null)
        {
            return new CycleSnapshot(year, null, [], [], postCloseAvailable, false, options.Value.DeferredRetryAfter);
        }

        var jobcentresTask = directory.ListAsync(ct);
        var responsesTask = responses.ListAsync(year, ct);
        var logTask = sendLog.ListAsync(year, ct);
        await Task.WhenAll(jobcentresTask, responsesTask, logTask);

        var byCode = (await responsesTask).ToDictionary(r => r.MunicipalityCode);
        var mails = (await logTask).ToLookup(e => e.MunicipalityCode, e => new MailRecord(e.Step, e.Status, e.At, e.Reason));
        var states = (await jobcentresTask).Select(j =>
        {
            byCode.TryGetValue(j.MunicipalityCode, out var response);
            return new JobcentreCycleState(
                j.MunicipalityCode,
                j.Name,
                j.Active,
                j.HasAddress,
                j.IsMailBlocked,
                response?.State ?? Domain.ResponseState.NotOpened,
                response?.IsSubmitted ?? false,
                mails[j.MunicipalityCode].ToList());
        }).ToList();

        var bilagBuilt = false;
        if (cycle.State == Domain.CycleState.Closed && documents is not null)
        {
            bilagBuilt = (await documents.ListAsync(year, ct)).Any(d => d.Kind == DocumentKind.Bilag);
        }

        return new CycleSnapshot(year, cycle, states, mails[0].ToList(), postCloseAvailable, bilagBuilt, options.Value.DeferredRetryAfter);
    }
}
