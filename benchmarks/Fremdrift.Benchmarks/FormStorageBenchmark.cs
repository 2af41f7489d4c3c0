using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Issue 10's figures for the form, each beside a baseline measured in the same run on the same Azurite: table
/// requests per form view and per submit (counted from the SDK's request events); the host's time per form view
/// against the raw storage reads it makes, done straight on a TableClient; and 29 jobcentres × 5 editors
/// submitting at once, against one submit alone and against Azurite doing the same table work (the cycle row and one
/// ETag-guarded transaction each, the losers' re-read) at the same concurrency, in bursts interleaved with the app's.
/// </summary>
internal static class FormStorageBenchmark
{
    private const int EditorsPerJobcentre = 5;
    private const int Rounds = 200;

    public static async Task RunAsync(IServiceProvider services, string baseUrl, string link, int year, string prefix, Shared.Domain.Catalogue catalogue)
    {
        using var meter = new StorageMeter(prefix);
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var clients = services.GetRequiredService<StorageClients>();

        // Requests per form view and per submit, in the steady state (link, catalogue and directory warmed).
        await client.GetStringAsync(new Uri(link));
        var before = meter.Snapshot();
        const int views = 50;
        for (var i = 0; i < views; i++)
        {
            (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();
        }

        var perView = (meter.Snapshot().Requests - before.Requests) / (double)views;

        // After an idle period longer than any cache the app ever had (35 s of real time): the same count.
        await Task.Delay(TimeSpan.FromSeconds(35));
        before = meter.Snapshot();
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();
        var afterIdle = meter.Snapshot().Requests - before.Requests;
        var page = await client.GetStringAsync(new Uri(link));
        before = meter.Snapshot();
        (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(FormPosts.SubmitAllGul(page, catalogue, "Et svar.")))).EnsureSuccessStatusCode();
        var perSubmit = meter.Snapshot().Requests - before.Requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  table requests: form view {perView:F1} (bound 2: the response's rows and the cycle row, side by side; the loop's own turns fall into the count), after 35 s idle {afterIdle}, submit {perSubmit} (bound 2: the cycle row and one transaction guarded by the page's version; the Durable signal it raises is a queue message of the engine, not a table request)"));

        // The host's time per view against the same reads done raw: the link's index row, the response's rows and the
        // cycle row (those two side by side, as the form does).
        var hash = SurveyLinks.Hash(link[(link.LastIndexOf('/') + 1)..]);
        var links = clients.Table("Links");
        var responses = clients.Table("Responses");
        var target = (await links.GetEntityAsync<TableEntity>("link", hash)).Value;
        var code = target.GetInt32("MunicipalityCode")!.Value.ToString("D3", CultureInfo.InvariantCulture);
        var pk = year.ToString(CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {code} and RowKey lt {code + "."}");
        var cycles = clients.Table("Cycles");
        async Task ReadResponseAndCycleAsync()
        {
            var cycleRead = cycles.GetEntityAsync<TableEntity>("cycle", pk);
            await foreach (var _ in responses.QueryAsync<TableEntity>(filter))
            {
            }

            await cycleRead;
        }

        // Interleaved, so that the machine's load (other builds) falls on all four alike.
        var (raw, rawQueryOnly, view, staticFile) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var inProcess = new List<double>();
        var handler = services.GetRequiredService<SurveyFormHandler>();
        var token = link[(link.LastIndexOf('/') + 1)..];
        for (var i = -20; i < Rounds; i++)
        {
            var a = await TimeOnceAsync(async () =>
            {
                await links.GetEntityAsync<TableEntity>("link", hash);
                await ReadResponseAndCycleAsync();
            });
            var b = await TimeOnceAsync(ReadResponseAndCycleAsync);
            var c = await TimeOnceAsync(async () => (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode());
            var d = await TimeOnceAsync(async () => (await client.GetAsync(new Uri("/robots.txt", UriKind.Relative))).EnsureSuccessStatusCode());
            var h = await TimeOnceAsync(async () =>
            {
                if ((await handler.GetAsync(token, CancellationToken.None)).Status != 200)
                {
                    throw new InvalidOperationException("The form did not open.");
                }
            });
            if (i >= 0)
            {
                inProcess.Add(h);
                raw.Add(a);
                rawQueryOnly.Add(b);
                view.Add(c);
                staticFile.Add(d);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  form view (GET over loopback) median {Median(view):F2} ms; raw reads it stands for: index row + (response rows ‖ cycle row) {Median(raw):F2} ms, (response rows ‖ cycle row) alone {Median(rawQueryOnly):F2} ms; static file {Median(staticFile):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    ratio view / raw reads of a first view (index row + reads) {Median(view) / Median(raw):F2}; view / the steady state's reads (two, side by side) {Median(view) / Median(rawQueryOnly):F2} (goal ≤ 1.5); view − static file {Median(view) - Median(staticFile):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    the form handler alone (in process, no HTTP) median {Median(inProcess):F2} ms = {Median(inProcess) / Median(rawQueryOnly):F2} × the reads it makes"));

        // One submit alone: GET the page, time the POST.
        var single = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var p = await client.GetStringAsync(new Uri(link));
            var started = Stopwatch.GetTimestamp();
            (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(FormPosts.SubmitAllGul(p, catalogue, "Et svar nr. " + i)))).EnsureSuccessStatusCode();
            single.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // The same two requests raw, one after another: the cycle row and the transaction (header merged over the
        // ETag the page was made with, the draft and the submission), on rows of the same shape.
        var rawSingle = new List<double>();
        var singleEtag = await ScratchResponseAsync(responses, "rawsingle", catalogue);
        for (var i = 0; i < 40; i++)
        {
            rawSingle.Add(await TimeOnceAsync(async () =>
            {
                await cycles.GetEntityAsync<TableEntity>("cycle", pk);
                singleEtag = (await RawSubmitAsync(responses, "rawsingle", singleEtag, catalogue, "Et svar nr. " + i))!.Value;
            }));
        }

        // 29 jobcentres × 5 editors: everybody has the page open, then all press Indsend at once.
        var mailer = services.GetRequiredService<ISurveyMailer>();
        var codes = (await services.GetRequiredService<JobcentreRepository>().ListAsync()).Select(j => j.MunicipalityCode).ToList();
        foreach (var c in codes)
        {
            await mailer.SendInvitationAsync(year, c, CancellationToken.None);
        }

        var linkOf = services.GetRequiredService<OutboxStore>().List()
            .Where(m => m.Tags.GetValueOrDefault("step") == "invitation")
            .GroupBy(m => m.Tags["jobcentre"])
            .ToDictionary(g => g.Key, g => OutboxEndpoints.Links(g.First().Text).Single(l => l.Contains("/skema/", StringComparison.Ordinal)));
        var editors = new List<(string Link, string Page)>();
        foreach (var l in linkOf.Values)
        {
            for (var e = 0; e < EditorsPerJobcentre; e++)
            {
                editors.Add((l, await client.GetStringAsync(new Uri(l))));
            }
        }

        // Rounds of two bursts each, the app's and Azurite alone doing the same table work, in alternating order so the
        // machine's load falls on both alike. Before each burst every editor has the page open (the app: a GET of the
        // form; the baseline: the header's ETag as a page would carry it). The same work: per POST the cycle row, then
        // one transaction (header merged if its ETag is still the one the page was made with, draft, submission); the
        // one editor per jobcentre that wins is stored, the four others get 412 and then read the response's rows
        // (the app's conflict page shows the current version).
        using var many = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = new Uri(baseUrl) };
        var scratch = clients.Table("Responses");
        var jobcentreCount = editors.Count / EditorsPerJobcentre;
        for (var j = 0; j < jobcentreCount; j++)
        {
            await ScratchResponseAsync(scratch, "raw" + j.ToString(CultureInfo.InvariantCulture), catalogue);
        }

        const int bursts = 3;
        var times = new List<double>();
        var rawTimes = new List<double>();
        var (wallMs, rawWallMs, used, ok, conflicts, rawStored) = (0.0, 0.0, 0L, 0, 0, 0);
        for (var round = 0; round < bursts; round++)
        {
            foreach (var appFirst in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                if (appFirst)
                {
                    var pages = new List<string>();
                    foreach (var ed in editors)
                    {
                        pages.Add(await client.GetStringAsync(new Uri(ed.Link)));
                    }

                    before = meter.Snapshot();
                    var wall = Stopwatch.GetTimestamp();
                    var results = await Task.WhenAll(editors.Select(async (ed, i) =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        using var answer = await many.PostAsync(new Uri(ed.Link), new FormUrlEncodedContent(FormPosts.SubmitAllGul(pages[i], catalogue, $"Redaktør {i}, runde {round}")));
                        return (Status: answer.StatusCode, Ms: Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }));
                    wallMs += Stopwatch.GetElapsedTime(wall).TotalMilliseconds;
                    used += meter.Snapshot().Requests - before.Requests;
                    ok += results.Count(r => r.Status == HttpStatusCode.OK);
                    conflicts += results.Count(r => r.Status == HttpStatusCode.Conflict);
                    times.AddRange(results.Select(r => r.Ms));
                }
                else
                {
                    var viewed = new List<ETag>();
                    for (var j = 0; j < jobcentreCount; j++)
                    {
                        viewed.Add((await scratch.GetEntityAsync<TableEntity>("raw" + j.ToString(CultureInfo.InvariantCulture), "e")).Value.ETag);
                    }

                    var burst = new double[editors.Count];
                    var rawWall = Stopwatch.GetTimestamp();
                    var stored = await Task.WhenAll(editors.Select(async (_, i) =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        var j = i / EditorsPerJobcentre;
                        var spk = "raw" + j.ToString(CultureInfo.InvariantCulture);
                        await cycles.GetEntityAsync<TableEntity>("cycle", pk);
                        var saved = await RawSubmitAsync(scratch, spk, viewed[j], catalogue, $"Redaktør {i}, runde {round}");
                        if (saved is null)
                        {
                            await foreach (var row in scratch.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {spk} and RowKey ge {"e"} and RowKey lt {"e."}")))
                            {
                            }
                        }

                        burst[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        return saved is not null;
                    }));
                    rawWallMs += Stopwatch.GetElapsedTime(rawWall).TotalMilliseconds;
                    rawTimes.AddRange(burst);
                    rawStored += stored.Count(x => x);
                }
            }
        }

        var submitted = (await services.GetRequiredService<ResponseRepository>().ListAsync(year)).Count(r => r.IsSubmitted);
        times.Sort();
        var rawSorted = rawTimes.Order().ToList();
        var posts = editors.Count * bursts;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  submit alone: median {Median(single):F2} ms, p95 {P95(single):F2} ms (n={single.Count}); the same cycle row + transaction raw: median {Median(rawSingle):F2} ms; ratio {Median(single) / Median(rawSingle):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {codes.Count} jobcentres × {EditorsPerJobcentre} editors at once ({editors.Count} POSTs), {bursts} bursts: p50 {Median(times):F0} ms, p95 {P95(times):F0} ms, a burst done in {wallMs / bursts:F0} ms; {ok} receipts, {conflicts} told of a conflict (nothing lost: {submitted} of {codes.Count} responses submitted); {used} table requests = {(double)used / posts:F2} per POST"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    p50 / submit alone {Median(times) / Median(single):F1}×, p95 / submit alone {P95(times) / Median(single):F1}×"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Azurite alone, the same table work interleaved (per POST the cycle row and the guarded transaction; {rawStored} stored, the others' 412 then the response's rows): p50 {Median(rawSorted):F0} ms, p95 {P95(rawSorted):F0} ms, a burst done in {rawWallMs / bursts:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    app / Azurite alone: p50 {Median(times) / Median(rawSorted):F2}×, p95 {P95(times) / P95(rawSorted):F2}×, throughput {posts / (wallMs / 1000):F0} vs {posts / (rawWallMs / 1000):F0} submits/s"));
    }

    /// <summary>A response's rows as the app stores them (header with a link, draft, submission, last year) in a scratch partition; returns the header's ETag.</summary>
    private static async Task<ETag> ScratchResponseAsync(TableClient table, string pk, Shared.Domain.Catalogue catalogue)
    {
        var results = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, "e")
            {
                ["State"] = "Draft", ["OpenedAt"] = DateTimeOffset.UtcNow, ["DraftSavedAt"] = DateTimeOffset.UtcNow, ["LastSubmissionId"] = Guid.NewGuid().ToString("N"),
                ["LinkHash"] = new string('a', 64), ["LinkNonce"] = new string('b', 22), ["LinkGeneration"] = 1, ["LinkIssuedAt"] = DateTimeOffset.UtcNow,
            }),
            new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, "e-draft", catalogue, "Kladde")),
            new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, "e-submitted", catalogue, "")),
            new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, "e-lastyear", catalogue, "Sidste år")),
        ]);
        return results.Value[0].Headers.ETag!.Value;
    }

    /// <summary>The submit's transaction as the app writes it: the header merged if unchanged since <paramref name="viewed"/>, the draft and the submission; null on 412.</summary>
    private static async Task<ETag?> RawSubmitAsync(TableClient table, string pk, ETag viewed, Shared.Domain.Catalogue catalogue, string remark)
    {
        try
        {
            var now = DateTimeOffset.UtcNow;
            var results = await table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, "e")
                {
                    ["State"] = "Submitted", ["DraftSavedAt"] = now, ["LastSubmissionId"] = Guid.NewGuid().ToString("N"), ["SubmittedAt"] = now, ["SubmittedBy"] = "personligt link",
                }, viewed),
                new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, "e-draft", catalogue, remark)),
                new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, "e-submitted", catalogue, remark)),
            ]);
            return results.Value[0].Headers.ETag;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    private static TableEntity AnswerRow(string pk, string rk, Shared.Domain.Catalogue catalogue, string remark)
    {
        var row = new TableEntity(pk, rk) { ["Order"] = string.Join(',', catalogue.AllRecommendations.Select(r => r.Id)) };
        foreach (var r in catalogue.AllRecommendations)
        {
            row["A_" + new string(r.Id.Where(char.IsAsciiLetterOrDigit).ToArray()) + "_R"] = "gul";
            row["A_" + new string(r.Id.Where(char.IsAsciiLetterOrDigit).ToArray()) + "_T"] = remark;
        }

        return row;
    }

    private static async Task<double> TimeOnceAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double P95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.95))];
    }
}
