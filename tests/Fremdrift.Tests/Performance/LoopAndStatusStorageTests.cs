using System.Net;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Survey;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Performance;

/// <summary>
/// Issue 21's bounds for the loop and the secretariat, on real Azurite with the 29 seeded jobcentres, each with
/// long remarks in its draft and submission: a loop turn is three requests (cycle row, the response states with the
/// send log beside them in the year's partition, directory, read whole every turn) and reads at most 250 bytes per jobcentre, never the text; one municipality's
/// own form reads that municipality's rows, not the partition; the status page reads its three sources side by side.
/// Each count is the same on a cold instance and after idling, since nothing that can change is kept in memory.
/// </summary>
[Collection(StorageRequestCounts.Name)]
public sealed class LoopAndStatusStorageTests : IAsyncLifetime
{
    private const int Year = SurveyFixture.Year;
    private static readonly string[] LoopTables = ["Cycles", "Responses", "Jobcentres"];
    private static readonly string[] StatusTables = ["Cycles", "Responses", "Jobcentres", "AuditLog"];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
    private TestDevServer _server = null!;
    private StorageOptions _storage = null!;
    private TableByteMeter _meter = null!;

    public async Task InitializeAsync()
    {
        _meter = TableByteMeter.Start(await Infrastructure.TestAzurite.GetAsync());
        _server = await TestDevServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Outbox",
                ["Survey:LinkSigningKey"] = SurveyFixture.SigningKey,
                ["Storage:ConnectionString"] = _meter.ConnectionString,
            },
            services => services.AddSingleton<TimeProvider>(_clock));
        _storage = _server.Get<IOptions<StorageOptions>>().Value;
        await SurveyFixture.CreateCycleAsync(_server.Services, Year, CycleState.Open);
        await _server.Get<StorageBootstrap>().EnsureReadyAsync();
        var catalogue = Shared.Catalogue.CatalogueFile.LoadBuiltIn(2015).ForYear(Year);
        var remark = new string('x', 1500);
        var responses = _server.Get<ResponseRepository>();
        var sendLog = _server.Get<SendLogRepository>();
        foreach (var j in await _server.Get<JobcentreRepository>().ListAsync())
        {
            // Each jobcentre was invited (its address in the row, as the dispatcher writes it) and then submitted.
            await sendLog.TryClaimAsync(new SendLogEntry(Year, j.MunicipalityCode, MailSteps.Invitation, SendStatus.Sent, j.ChiefEmail, "msg-" + j.MunicipalityCode, null, 1, _clock.GetUtcNow().AddDays(-3)));
            var answers = catalogue.AllRecommendations.Select(r => new Answer(r.Id, Rating.Gul, remark)).ToList();
            await responses.SaveAsync(null, SurveyResponse.New(Year, j.MunicipalityCode) with
            {
                State = ResponseState.Submitted,
                Draft = answers,
                Submitted = answers,
                SubmittedAt = _clock.GetUtcNow(),
                DraftSavedAt = _clock.GetUtcNow(),
                LastSubmissionId = SurveyResponse.NewSubmissionId(),
            });
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _meter.DisposeAsync();
    }

    [Fact]
    public async Task A_loop_turn_is_three_requests_of_at_most_250_bytes_per_jobcentre_cold_warm_and_after_idling()
    {
        using var counter = new StorageRequestCounter(_storage.TablePrefix, tableEndpoint: $"http://127.0.0.1:{_meter.Port}/");
        var start = _meter.Bytes;
        var full = await _server.Get<ResponseRepository>().ListAsync(Year);
        var fullBytes = _meter.Bytes - start;
        Assert.Equal(29, full.Count);

        // A cold instance's loader (a new host on the same storage), this host's, and this host's after an idle minute.
        await using var cold = await TestDevServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Outbox",
                ["Survey:LinkSigningKey"] = SurveyFixture.SigningKey,
                ["Storage:ConnectionString"] = _meter.ConnectionString,
                ["Storage:TablePrefix"] = _storage.TablePrefix,
            },
            services => services.AddSingleton<TimeProvider>(_clock));
        var turns = new List<(int Requests, long Bytes, string Tables)>();
        foreach (var loader in new[] { cold.Get<CycleStateLoader>(), _server.Get<CycleStateLoader>(), _server.Get<CycleStateLoader>(), null })
        {
            if (loader is null)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            counter.Reset();
            start = _meter.Bytes;
            var snapshot = await (loader ?? _server.Get<CycleStateLoader>()).LoadAsync(Year);
            Assert.Equal(29, snapshot.Jobcentres.Count(j => j.Submitted));
            var tables = string.Join(",", LoopTables.Select(t => counter.To(t)));
            turns.Add((counter.Count, _meter.Bytes - start, tables));
        }

        Assert.All(turns, t => Assert.Equal((3, "1,1,1"), (t.Requests, t.Tables)));
        // Issue 21's bound. What a turn reads: per jobcentre its response state and submission id, its invitation's
        // status and time (row keys included) and its directory flags, about 190 B; per turn the cycle row and three
        // answers' HTTP headers, about 1.8 KB. docs/performance.md has the figures.
        Assert.All(turns, t => Assert.True(t.Bytes <= 29 * 250, $"a turn read {t.Bytes} bytes ({t.Bytes / 29} per jobcentre)"));
        Assert.Single(turns.Select(t => t.Bytes).Distinct());

        // The whole partition is about 29 × 2 × 16 × 1.5 KB: the turn never reads the answers' text.
        Assert.True(fullBytes > 1_000_000, $"the partition read only {fullBytes} bytes");
    }

    [Fact]
    public async Task The_loops_reads_without_metadata_give_the_decider_what_the_whole_rows_say()
    {
        // Typed values a row without metadata carries as text or JSON literals: a time with ticks, a false flag, the
        // jobcentre and step only in the row key, a secretariat mail (jobcentre 0), a bounce, a draft.
        var at = new DateTimeOffset(2027, 1, 14, 7, 30, 12, TimeSpan.Zero).AddTicks(1234567);
        var sendLog = _server.Get<SendLogRepository>();
        await sendLog.TryClaimAsync(new SendLogEntry(Year, 147, MailSteps.Reminder(1), SendStatus.Deferred, "a@b.example", null, "Midlertidig fejl", 2, at));
        await sendLog.TryClaimAsync(new SendLogEntry(Year, 0, MailSteps.BilagReady, SendStatus.Sending, null, null, null, 1, at.AddMinutes(1)));
        var directory = _server.Get<JobcentreRepository>();
        var j151 = (await directory.GetAsync(151))!;
        await directory.UpdateAsync(j151.Jobcentre with { Active = false }, j151.Version);
        var j153 = (await directory.GetAsync(153))!;
        await directory.UpdateAsync(j153.Jobcentre with { Bounce = new MailBounce(j153.Jobcentre.ChiefEmail, "bounce", "550", at) }, j153.Version);
        var responses = _server.Get<ResponseRepository>();
        var r155 = (await responses.GetAsync(Year, 155))!;
        await responses.SaveAsync(r155, r155 with { State = ResponseState.Draft, SubmittedAt = null, LastSubmissionId = "kladde-1" });

        var loader = _server.Get<CycleStateLoader>();
        var lean = await loader.LoadAsync(Year);
        var whole = loader.Snapshot(
            Year,
            await _server.Get<CycleRepository>().GetAsync(Year),
            (await directory.ListAsync()).Select(JobcentreForCycle.Of).ToList(),
            (await responses.ListAsync(Year)).Select(r => new ResponseStatus(r.MunicipalityCode, r.State, r.IsSubmitted) { LastSubmissionId = r.LastSubmissionId }),
            await sendLog.ListAsync(Year),
            bilagBuilt: false);

        static string Decided(CycleSnapshot s) => string.Join("\n", s.Jobcentres.Select(j =>
            $"{j.MunicipalityCode} {j.Active} {j.HasAddress} {j.MailBlocked} {j.ResponseState} {j.Submitted} {j.SubmissionId} " +
            string.Join(";", j.Mails.Select(m => $"{m.Step}/{m.Status}/{m.At.UtcTicks}")))
            .Append("0 " + string.Join(";", s.SecretariatMails.Select(m => $"{m.Step}/{m.Status}/{m.At.UtcTicks}"))));
        Assert.Equal(Decided(whole), Decided(lean));
        Assert.Contains($"147 True True False Submitted True", Decided(lean), StringComparison.Ordinal);
        Assert.Contains($"reminder-1/Deferred/{at.UtcTicks}", Decided(lean), StringComparison.Ordinal);
        Assert.Contains("151 False", Decided(lean), StringComparison.Ordinal);
        Assert.Contains("153 True True True", Decided(lean), StringComparison.Ordinal);
        Assert.Contains("155 True True False Draft False ", Decided(lean), StringComparison.Ordinal);
        Assert.Contains("bilag-ready/Sending", Decided(lean), StringComparison.Ordinal);
        Assert.Equal(29, lean.Jobcentres.Count);
    }

    [Fact]
    public async Task One_municipalitys_own_form_reads_its_own_rows_not_the_whole_partition()
    {
        var cycles = _server.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = _clock.GetUtcNow(), ClosedReason = "Svarfristen er udløbet" });

        await _server.Get<ICycleDocuments>().BuildAsync(Year, DocumentKind.MunicipalityForm, 147, CancellationToken.None); // warm
        using var counter = new StorageRequestCounter(_storage.TablePrefix, tableEndpoint: $"http://127.0.0.1:{_meter.Port}/");
        var start = _meter.Bytes;
        var one = await _server.Get<ResponseRepository>().GetAsync(Year, 101);
        var oneBytes = _meter.Bytes - start;
        Assert.NotNull(one);

        counter.Reset();
        start = _meter.Bytes;
        var stored = await _server.Get<ICycleDocuments>().BuildAsync(Year, DocumentKind.MunicipalityForm, 101, CancellationToken.None);
        var formBytes = _meter.Bytes - start;
        Assert.Equal(101, stored.MunicipalityCode);
        Assert.True(formBytes < oneBytes * 2, $"the form read {formBytes} bytes; one municipality's rows are {oneBytes}");
        Assert.Equal(1, counter.To("Responses"));
    }

    [Fact]
    public async Task The_status_page_reads_its_three_sources_side_by_side_warm_cold_and_after_idling_and_the_audit_log_is_one_request()
    {
        await _server.Get<AuditLogRepository>().AppendAsync(new AuditEntry(Year, _clock.GetUtcNow(), "Sekretær Test", "Flyttede svarfristen", "Til 5. marts"));
        using var client = _server.SecretariatClient();
        using var counter = new StorageRequestCounter(_storage.TablePrefix, _storage.DocumentContainer, tableEndpoint: $"http://127.0.0.1:{_meter.Port}/");
        var counts = new List<string>();
        foreach (var (url, idle) in new[] { ("/sekretariat?aar=" + Year, false), ("/sekretariat?aar=" + Year, false), ("/sekretariat", false), ("/sekretariat?aar=" + Year, true) })
        {
            if (idle)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            counter.Reset();
            var page = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.Contains("29", html, StringComparison.Ordinal);
            Assert.Contains($"?aar={Year}&vis=log", html, StringComparison.Ordinal);
            counts.Add(string.Join(",", StatusTables.Select(t => counter.To(t))) + " of " + counter.Count);
        }

        // The catalogue snapshot was read when the host set up the year and is kept (it never changes).
        Assert.All(counts, c => Assert.Equal("1,1,1,0 of 3", c));

        // A cold instance (a new host on the same storage): the same three, and the catalogue snapshot at most once.
        await using (var cold = await TestDevServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Outbox",
                ["Survey:LinkSigningKey"] = SurveyFixture.SigningKey,
                ["Storage:ConnectionString"] = _meter.ConnectionString,
                ["Storage:TablePrefix"] = _storage.TablePrefix,
            },
            services => services.AddSingleton<TimeProvider>(_clock)))
        {
            using var coldClient = cold.SecretariatClient();
            counter.Reset();
            (await coldClient.GetAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative))).EnsureSuccessStatusCode();
            Assert.Equal("1,1,1,0", string.Join(",", StatusTables.Select(t => counter.To(t))));
            counter.AssertCount(3, 3 + Math.Min(1, counter.To("Catalogues")));
        }

        // The audit log, a page of its own: one request.
        counter.Reset();
        var log = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/sekretariat?aar={Year}&vis=log", UriKind.Relative)));
        Assert.Contains("Log over handlinger 2027", log, StringComparison.Ordinal);
        Assert.Contains("Flyttede svarfristen", log, StringComparison.Ordinal);
        Assert.Equal("0,0,0,1 of 1", string.Join(",", StatusTables.Select(t => counter.To(t))) + " of " + counter.Count);
    }

    [Fact]
    public async Task The_status_page_shows_a_close_made_through_another_instance_at_once()
    {
        using var client = _server.SecretariatClient();
        (await client.GetAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative))).EnsureSuccessStatusCode();

        // What another app instance's CycleRepository writes, done without this process's repository, so that
        // nothing in this host's memory is told: the page must see it in what it reads anyway.
        var table = _server.Get<StorageClients>().Table("Cycles");
        var entity = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("cycle", Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).Value;
        entity["State"] = nameof(CycleState.Closed);
        entity["ClosedAt"] = _clock.GetUtcNow();
        entity["ClosedReason"] = "Lukket af sekretariatet";
        await table.UpdateEntityAsync(entity, entity.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var html = await client.GetStringAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative));
        Assert.Contains("Lukket af sekretariatet", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
