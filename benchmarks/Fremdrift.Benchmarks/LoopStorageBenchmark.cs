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
/// The loop's table bytes, for 29 and for 98 jobcentres, measured on the wire (a pass-through in front of Azurite's
/// table port). A cycle is modelled by what its loop reads: one turn per submit (each submit wakes one), then at the
/// close one own form per municipality and the bilag. Each jobcentre's draft and submission carry a remark of 300
/// characters per recommendation and a submission id; the send log holds each invitation, and for a second figure of the
/// last turn a receipt per submit. A turn reads everything it needs whole (the cycle row, the response states with
/// $select and the send log beside them in one query, the directory); the baseline, in the same run on the same rows,
/// is a turn that reads the whole Responses partition (answers and send log) instead.
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
                $"  {r.Jobcentres} jobcentres: the last turn read {r.TurnBytes / 1024.0:F1} KB = {r.TurnBytes / r.Jobcentres} B per jobcentre (a turn reading the whole partition: {r.OldTurnBytes / 1024.0:F1} KB); " +
                $"with a receipt row per submit {r.ReceiptTurnBytes / 1024.0:F1} KB = {r.ReceiptTurnBytes / r.Jobcentres} B per jobcentre; " +
                $"an own form {r.FormBytes / 1024.0:F1} KB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    cycle ({r.Jobcentres} turns + {r.Jobcentres} own forms + bilag): {r.CycleBytes / 1048576.0:F2} MB read (whole partition each turn: {r.OldCycleBytes / 1048576.0:F2} MB); loop's reads took {r.Elapsed.TotalSeconds:F1} s"));
        }

        var (small, large) = (results[0], results[1]);
        var n2 = (double)large.Jobcentres / small.Jobcentres;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio 98 / 29 (jobcentres ×{n2:F2}): a turn ×{(double)large.TurnBytes / small.TurnBytes:F2} (slope {(large.TurnBytes - small.TurnBytes) / (large.Jobcentres - small.Jobcentres)} B per added jobcentre, {(large.ReceiptTurnBytes - small.ReceiptTurnBytes) / (large.Jobcentres - small.Jobcentres)} B with receipts; fixed per turn {small.TurnBytes - (large.TurnBytes - small.TurnBytes) * small.Jobcentres / (large.Jobcentres - small.Jobcentres)} B), an own form ×{(double)large.FormBytes / small.FormBytes:F2}, " +
            $"the cycle ×{(double)large.CycleBytes / small.CycleBytes:F2} (a turn per submit, so quadratic: ×{n2 * n2:F1} would be pure n²)"));
    }

    private sealed record Figures(int Jobcentres, long TurnBytes, long ReceiptTurnBytes, long OldTurnBytes, long FormBytes, long CycleBytes, long OldCycleBytes, TimeSpan Elapsed);

    private static async Task<Figures> MeasureAsync(TableByteMeter meter, int n)
    {
        var clients = new ServiceCollection()
            .AddSingleton(Options.Create(new StorageOptions
            {
                ConnectionString = meter.ConnectionString,
                TablePrefix = "loop" + Guid.NewGuid().ToString("N")[..8],
                DocumentContainer = "loop" + Guid.NewGuid().ToString("N")[..8],
                Retry = StorageRetryOptions.Azurite,
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
        var loader = new CycleStateLoader(cycles, directory, responses, Options.Create(new CycleOptions()), documents);

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
        long turnBytes = 0, oldTurnBytes = 0, cycleBytes = 0, oldCycleBytes = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var code in codes)
        {
            await responses.SaveAsync(null, SurveyResponse.New(Year, code) with
            {
                State = ResponseState.Submitted, Draft = answers, Submitted = answers, DraftSavedAt = now, SubmittedAt = now, LastSubmissionId = SurveyResponse.NewSubmissionId(),
            });

            // The turn the submit wakes, and (baseline) the same turn reading the whole partition instead of the states.
            var before = meter.Bytes;
            await loader.LoadAsync(Year);
            turnBytes = meter.Bytes - before;
            cycleBytes += turnBytes;

            before = meter.Bytes;
            await responses.ListStatusesAndSendLogAsync(Year);
            var states = meter.Bytes - before;
            before = meter.Bytes;
            await responses.ListWithSendLogAsync(Year);
            oldTurnBytes = turnBytes - states + (meter.Bytes - before);
            oldCycleBytes += oldTurnBytes;
        }

        // The same last turn once every submit has had its receipt (a send-log row per submit, keyed by the submission id).
        foreach (var status in await responses.ListStatusesAsync(Year))
        {
            await sendLog.TryClaimAsync(new SendLogEntry(Year, status.MunicipalityCode, MailSteps.Receipt(status.LastSubmissionId!), SendStatus.Sent, $"chef{status.MunicipalityCode}@kommune.example", "r" + status.MunicipalityCode, null, 1, now));
        }

        var beforeReceipts = meter.Bytes;
        await loader.LoadAsync(Year);
        var receiptTurnBytes = meter.Bytes - beforeReceipts;

        cycle = (await cycles.GetAsync(Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = now, ClosedReason = "Svarfristen er udløbet" });
        long formBytes = 0;
        foreach (var code in codes)
        {
            var before = meter.Bytes;
            await documents.BuildAsync(Year, DocumentKind.MunicipalityForm, code, CancellationToken.None);
            formBytes = meter.Bytes - before;
            cycleBytes += formBytes;
            oldCycleBytes += formBytes;
        }

        var before2 = meter.Bytes;
        await documents.EnsureFinalBilagAsync(Year, CancellationToken.None);
        var bilag = meter.Bytes - before2;
        cycleBytes += bilag;
        oldCycleBytes += bilag;
        return new Figures(n, turnBytes, receiptTurnBytes, oldTurnBytes, formBytes, cycleBytes, oldCycleBytes, Stopwatch.GetElapsedTime(started));
    }
}
