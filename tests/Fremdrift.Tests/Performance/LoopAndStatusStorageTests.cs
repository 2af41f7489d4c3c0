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
/// Issue 10's bounds for the loop and the secretariat, on real Azurite with the 29 seeded jobcentres, each with
/// long remarks in its draft and submission: a loop turn reads the response states, not the text; one
/// municipality's own form reads that municipality's rows, not the partition; the status page is three requests.
/// </summary>
[Collection(StorageRequestCounts.Name)]
public sealed class LoopAndStatusStorageTests : IAsyncLifetime
{
    private const int Year = SurveyFixture.Year;
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
        foreach (var j in await _server.Get<JobcentreRepository>().ListAsync())
        {
            var answers = catalogue.AllRecommendations.Select(r => new Answer(r.Id, Rating.Gul, remark)).ToList();
            await responses.SaveAsync(null, SurveyResponse.New(Year, j.MunicipalityCode) with
            {
                State = ResponseState.Submitted,
                Draft = answers,
                Submitted = answers,
                SubmittedAt = _clock.GetUtcNow(),
                DraftSavedAt = _clock.GetUtcNow(),
            });
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _meter.DisposeAsync();
    }

    [Fact]
    public async Task A_loop_turn_reads_the_response_states_only_not_the_remarks()
    {
        using var counter = new StorageRequestCounter(_storage.TablePrefix);
        var start = _meter.Bytes;
        var full = await _server.Get<ResponseRepository>().ListAsync(Year);
        var fullBytes = _meter.Bytes - start;
        Assert.Equal(29, full.Count);

        counter.Reset();
        start = _meter.Bytes;
        var snapshot = await _server.Get<CycleStateLoader>().LoadAsync(Year);
        var turnBytes = _meter.Bytes - start;
        Assert.Equal(29, snapshot.Jobcentres.Count(j => j.Submitted));

        // The whole partition is about 29 × 2 × 16 × 1.5 KB; the turn's states, directory and send log a few KB.
        Assert.True(fullBytes > 1_000_000, $"the partition read only {fullBytes} bytes");
        Assert.True(turnBytes * 20 < fullBytes, $"a turn read {turnBytes} bytes against {fullBytes} for the whole partition");
        Assert.Equal(1, counter.To("Responses"));
    }

    [Fact]
    public async Task One_municipalitys_own_form_reads_its_own_rows_not_the_whole_partition()
    {
        var cycles = _server.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = _clock.GetUtcNow(), ClosedReason = "Svarfristen er udløbet" });

        await _server.Get<ICycleDocuments>().BuildAsync(Year, DocumentKind.MunicipalityForm, 147, CancellationToken.None); // warm
        using var counter = new StorageRequestCounter(_storage.TablePrefix);
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
    public async Task The_status_page_makes_at_most_three_storage_requests()
    {
        using var client = _server.SecretariatClient();
        var page = await client.GetAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var counter = new StorageRequestCounter(_storage.TablePrefix, _storage.DocumentContainer);
        foreach (var url in new[] { "/sekretariat?aar=" + Year, "/sekretariat" })
        {
            counter.Reset();
            var again = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("29", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(counter.Count <= 3, $"{url}: {counter.Count} requests:\n{string.Join('\n', counter.Requests)}");
        }
    }

    [Fact]
    public async Task The_status_page_shows_a_close_made_through_another_instance_at_once()
    {
        using var client = _server.SecretariatClient();
        (await client.GetAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative))).EnsureSuccessStatusCode();

        // What another app instance's CycleRepository writes (the row, then its copy), done without this process's
        // repository, so that nothing in this host's memory is told: the page must see it in what it reads anyway.
        var table = _server.Get<StorageClients>().Table("Cycles");
        var entity = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("cycle", Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).Value;
        entity["State"] = nameof(CycleState.Closed);
        entity["ClosedAt"] = _clock.GetUtcNow();
        entity["ClosedReason"] = "Lukket af sekretariatet";
        await table.UpdateEntityAsync(entity, entity.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        var closed = (await new CycleRepository(_server.Get<StorageClients>()).GetAsync(Year))!;
        await _server.Get<StorageClients>().Table("Responses").UpsertEntityAsync(CycleRepository.Mirror(closed));

        var html = await client.GetStringAsync(new Uri("/sekretariat?aar=" + Year, UriKind.Relative));
        Assert.Contains("Lukket af sekretariatet", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
