using System.Diagnostics;
using System.Globalization;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Performance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Issue 10's loop figures: the table bytes a cycle's loop reads, for 29 and for 98 jobcentres, measured on the
/// wire (a pass-through in front of Azurite's table port). A cycle is modelled by what its loop reads: one turn
/// per submit (each submit wakes one), then at the close one own form per municipality and the bilag. Each
/// jobcentre's draft and submission carry a remark of 300 characters per recommendation. The baseline, in the
/// same run on the same data, is what the loop read before: the whole partition per turn and per own form; and what it
/// read with $select alone (every turn all the states). The loader keeps the states between turns and reads only rows
/// changed since the latest server Timestamp it saw, less an overlap (2 minutes in production). This run compresses
/// a cycle of weeks into seconds, so with the production overlap every turn re-reads every row written in the run;
/// the loader measured as "the cycle" uses no overlap, which models submits more than the overlap apart (in a real
/// cycle they are days apart). Both are printed.
/// </summary>
internal static class LoopStorageBenchmark
{
    private const int Year = 2027;
    private static readonly string Remark = string.Concat(Enumerable.Repeat("Arbejdet er i gang sammen med nabokommunerne. ", 7))[..300];

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync(null, TimeSpan.FromSeconds(120));
        await using var meter = TableByteMeter.Start(azurite);
        var results = new List<Figures>();
        foreach (var n in new[] { 29, 98 })
        {
            results.Add(await MeasureAsync(meter, n));
        }

        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Jobcentres} jobcentres: the last turn read {r.TurnBytes / 1024.0:F1} KB (all states with $select: {r.SelectTurnBytes / 1024.0:F1} KB; whole partition before: {r.OldTurnBytes / 1024.0:F1} KB); " +
                $"whole state reads {r.WholeReads} of {r.Jobcentres} turns; an own form {r.FormBytes / 1024.0:F1} KB (before {r.OldFormBytes / 1024.0:F1} KB)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    cycle ({r.Jobcentres} turns + {r.Jobcentres} own forms + bilag): {r.CycleBytes / 1048576.0:F2} MB read; with the 2-minute overlap inside this compressed run {r.OverlapCycleBytes / 1048576.0:F2} MB; " +
                $"all states each turn ($select) {r.SelectCycleBytes / 1048576.0:F2} MB; whole partition {r.OldCycleBytes / 1048576.0:F2} MB; loop's reads took {r.Elapsed.TotalSeconds:F1} s"));
        }

        var (small, large) = (results[0], results[1]);
        var n2 = (double)large.Jobcentres / small.Jobcentres;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio 98 / 29 (jobcentres ×{n2:F2}; linear would be {n2:F2}, quadratic {n2 * n2:F1}): a turn ×{(double)large.TurnBytes / small.TurnBytes:F2}, an own form ×{(double)large.FormBytes / small.FormBytes:F2}, " +
            $"the close's own forms together ×{(double)large.FormBytes * large.Jobcentres / (small.FormBytes * small.Jobcentres):F2}, the cycle ×{(double)large.CycleBytes / small.CycleBytes:F2} " +
            $"(2-minute overlap in the compressed run ×{(double)large.OverlapCycleBytes / small.OverlapCycleBytes:F2}; all states each turn ×{(double)large.SelectCycleBytes / small.SelectCycleBytes:F2}; whole partition ×{(double)large.OldCycleBytes / small.OldCycleBytes:F2})"));
    }

    private sealed record Figures(
        int Jobcentres, long TurnBytes, long SelectTurnBytes, long OldTurnBytes, int WholeReads, long FormBytes, long OldFormBytes,
        long CycleBytes, long OverlapCycleBytes, long SelectCycleBytes, long OldCycleBytes, TimeSpan Elapsed);

    private static async Task<Figures> MeasureAsync(TableByteMeter meter, int n)
    {
        var clients = new ServiceCollection()
            .AddSingleton(Options.Create(new StorageOptions
            {
                ConnectionString = meter.ConnectionString,
                TablePrefix = "loop" + Guid.NewGuid().ToString("N")[..8],
                DocumentContainer = "loop" + Guid.NewGuid().ToString("N")[..8],
            }))
            .AddFremdriftStorageClients()
            .BuildServiceProvider()
            .GetRequiredService<StorageClients>();
        await clients.EnsureCreatedAsync();
        var cycles = new CycleRepository(clients);
        var catalogues = new CatalogueRepository(clients);
        var directory = new JobcentreRepository(clients);
        var responses = new ResponseRepository(clients);
        var sendLog = new SendLogRepository(clients);
        var time = TimeProvider.System;
        var documents = new CycleDocuments(clients, cycles, catalogues, directory, responses, time, NullLogger<CycleDocuments>.Instance);
        var loader = new CycleStateLoader(cycles, directory, responses, sendLog, Options.Create(new CycleOptions()), documents,
            Options.Create(new CycleStatusReadOptions { ChangeOverlap = TimeSpan.Zero }));
        var overlapLoader = new CycleStateLoader(cycles, directory, responses, sendLog, Options.Create(new CycleOptions()), documents,
            Options.Create(new CycleStatusReadOptions()));

        var catalogue = CatalogueFile.LoadBuiltIn(2015).ForYear(Year);
        await catalogues.SaveIfMissingAsync(catalogue);
        var now = DateTimeOffset.UtcNow;
        var cycle = await cycles.CreateAsync(new FollowUpCycle(Year, Year, now.AddDays(-10), now.AddDays(20), ReminderPlan.Default, false, CycleState.Open, null, null, ""));
        var codes = Enumerable.Range(101, n).ToList();
        foreach (var code in codes)
        {
            await directory.AddAsync(new Jobcentre(code, $"Kommune {code}", $"Jobcenter {code}", $"Chef {code}", $"chef{code}@kommune.example"));
            await sendLog.TryClaimAsync(new SendLogEntry(Year, code, MailSteps.Invitation, SendStatus.Sent, $"chef{code}@kommune.example", "m" + code, null, 1, now));
        }

        var answers = catalogue.AllRecommendations.Select(r => new Answer(r.Id, Rating.Gul, Remark)).ToList();
        long turnBytes = 0, selectTurnBytes = 0, oldTurnBytes = 0, cycleBytes = 0, overlapCycleBytes = 0, selectCycleBytes = 0, oldCycleBytes = 0;
        var wholeReads = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var code in codes)
        {
            await responses.SaveAsync(null, SurveyResponse.New(Year, code) with
            {
                State = ResponseState.Submitted, Draft = answers, Submitted = answers, DraftSavedAt = now, SubmittedAt = now,
            });

            // The turn the submit wakes (as two instances would read it: no overlap, and the production overlap),
            // and (baselines) what the turn read with all the states, and with the whole partition.
            var before = meter.Bytes;
            await loader.LoadAsync(Year);
            turnBytes = meter.Bytes - before;
            cycleBytes += turnBytes;
            wholeReads += loader.LastStatusReadWasWhole(Year) == true ? 1 : 0;

            before = meter.Bytes;
            await overlapLoader.LoadAsync(Year);
            overlapCycleBytes += meter.Bytes - before;

            before = meter.Bytes;
            await cycles.GetAsync(Year);
            await directory.ListAsync();
            await sendLog.ListAsync(Year);
            var rest = meter.Bytes - before;

            before = meter.Bytes;
            await responses.ListAsync(Year);
            var oldResponses = meter.Bytes - before;
            selectTurnBytes = rest + await StatesBytesAsync(meter, responses);
            selectCycleBytes += selectTurnBytes;
            oldTurnBytes = rest + oldResponses;
            oldCycleBytes += oldTurnBytes;
        }

        cycle = (await cycles.GetAsync(Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = now, ClosedReason = "Svarfristen er udløbet" });
        long formBytes = 0;
        foreach (var code in codes)
        {
            var before = meter.Bytes;
            await documents.BuildAsync(Year, DocumentKind.MunicipalityForm, code, CancellationToken.None);
            formBytes = meter.Bytes - before;
            cycleBytes += formBytes;
            overlapCycleBytes += formBytes;
            selectCycleBytes += formBytes;
        }

        var own = await OneResponseBytesAsync(meter, responses, codes[0]);
        var before2 = meter.Bytes;
        await responses.ListAsync(Year);
        var partition = meter.Bytes - before2;
        var oldFormBytes = formBytes - own + partition;
        oldCycleBytes += oldFormBytes * n;

        before2 = meter.Bytes;
        await documents.EnsureFinalBilagAsync(Year, CancellationToken.None);
        var bilag = meter.Bytes - before2;
        cycleBytes += bilag;
        overlapCycleBytes += bilag;
        selectCycleBytes += bilag;
        oldCycleBytes += bilag;
        return new Figures(n, turnBytes, selectTurnBytes, oldTurnBytes, wholeReads, formBytes, oldFormBytes, cycleBytes, overlapCycleBytes, selectCycleBytes, oldCycleBytes, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<long> StatesBytesAsync(TableByteMeter meter, ResponseRepository responses)
    {
        var before = meter.Bytes;
        await responses.ListStatusesAsync(Year);
        return meter.Bytes - before;
    }

    private static async Task<long> OneResponseBytesAsync(TableByteMeter meter, ResponseRepository responses, int code)
    {
        var before = meter.Bytes;
        await responses.GetAsync(Year, code);
        return meter.Bytes - before;
    }
}
