using System.Net;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Survey;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Performance;

/// <summary>
/// Issue 10's bounds for the form, counted on real Azurite from the SDK's own request events: a form view reads
/// at most two table rows' worth of requests in the steady state, a submit is one read and one transaction, and
/// a cycle closed through another app instance is seen at once because the cycle travels in the partition read.
/// </summary>
[Collection(StorageRequestCounts.Name)]
public sealed class FormStorageRequestTests : IAsyncLifetime
{
    private const int Year = SurveyFixture.Year;
    private const int Code = 153;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
    private TestDevServer _server = null!;

    private string Prefix => _server.Get<IOptions<StorageOptions>>().Value.TablePrefix;

    public async Task InitializeAsync()
    {
        _server = await StartInstanceAsync(null);
        await SurveyFixture.CreateCycleAsync(_server.Services, 2026, CycleState.Closed);
        await SurveyFixture.CreateCycleAsync(_server.Services, Year, CycleState.Open);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_form_view_in_the_steady_state_makes_at_most_two_table_requests_and_none_for_cycle_catalogue_or_directory()
    {
        await SaveLastYearAsync("Sidste års bemærkning");
        var link = await InviteAsync();
        using var client = Client(_server);
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode(); // first open: marks the response opened

        using var counter = new StorageRequestCounter(Prefix);
        for (var i = 0; i < 3; i++)
        {
            counter.Reset();
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(link)));
            Assert.Contains("Sidste år: Gul – Sidste års bemærkning", html, StringComparison.Ordinal);
            Assert.InRange(counter.Count, 1, 2);
            Assert.Equal(0, counter.To("Cycles") + counter.To("Catalogues") + counter.To("Jobcentres"));
            Assert.Equal(0, counter.Requests.Count(r => !r.StartsWith("GET ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_second_app_instance_serves_its_first_view_in_two_table_requests_once_its_catalogue_is_loaded()
    {
        var link = await InviteAsync();
        await using var other = await StartInstanceAsync(Prefix);
        using var client = Client(other);
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();

        // A different link on the second instance: its index row is not in memory yet, so this is the link row plus
        // the partition query, and nothing else.
        var second = await InviteAsync(101);
        (await client.GetAsync(new Uri(second))).EnsureSuccessStatusCode();
        using var counter = new StorageRequestCounter(Prefix);
        (await client.GetAsync(new Uri(second))).EnsureSuccessStatusCode();
        Assert.Equal(0, counter.To("Cycles") + counter.To("Catalogues") + counter.To("Jobcentres"));
        Assert.InRange(counter.Count, 1, 2);
    }

    [Fact]
    public async Task A_submit_is_one_read_and_one_transaction_and_is_stored()
    {
        var link = await InviteAsync();
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));
        html = await client.GetStringAsync(new Uri(link));

        using var counter = new StorageRequestCounter(Prefix);
        var answer = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Tak – jeres svar er indsendt", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(2, counter.Count);
        Assert.StartsWith("GET ", counter.Requests[0], StringComparison.Ordinal);
        Assert.StartsWith("POST ", counter.Requests[1], StringComparison.Ordinal);
        Assert.Contains("$batch", counter.Requests[1], StringComparison.Ordinal);

        var stored = await _server.Get<ResponseRepository>().GetAsync(Year, Code);
        Assert.True(stored!.IsSubmitted);
        Assert.Equal(16, stored.Submitted.Count);
    }

    [Fact]
    public async Task A_cycle_closed_through_another_instance_closes_this_instances_form_at_once_and_its_post_stores_nothing()
    {
        var link = await InviteAsync();
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));

        await using var other = await StartInstanceAsync(Prefix);
        var cycles = other.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = _clock.GetUtcNow(), ClosedReason = "Lukket af sekretariatet" });

        var after = await (await client.GetAsync(new Uri(link))).Content.ReadAsStringAsync();
        Assert.Contains("er lukket</h1>", after, StringComparison.Ordinal);
        var post = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(html)));
        var answer = await post.Content.ReadAsStringAsync();
        Assert.Contains("er lukket</h1>", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("jeres svar er indsendt", answer, StringComparison.Ordinal);
        Assert.False((await _server.Get<ResponseRepository>().GetAsync(Year, Code))!.IsSubmitted);
    }

    [Fact]
    public async Task A_copy_of_the_cycle_left_behind_by_a_failed_write_is_mended_by_the_loops_next_load()
    {
        var cycles = _server.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(Year))!;

        // The cycle row changes but its copy does not (as if the process stopped between the two writes).
        var table = _server.Get<StorageClients>().Table("Cycles");
        var entity = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("cycle", Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).Value;
        entity["State"] = nameof(CycleState.Closed);
        await table.UpdateEntityAsync(entity, entity.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        Assert.Equal(CycleState.Open, (await _server.Get<ResponseRepository>().ListWithCycleAsync(Year)).Cycle!.State);

        await _server.Get<Shared.Cycle.CycleStateLoader>().LoadAsync(Year);

        var mended = (await _server.Get<ResponseRepository>().ListWithCycleAsync(Year)).Cycle!;
        Assert.Equal(CycleState.Closed, mended.State);
        Assert.Equal((await cycles.GetAsync(Year))!.Version, mended.Version);
        Assert.NotEqual(cycle.Version, mended.Version);

        // In step again: the next load writes nothing.
        using var counter = new StorageRequestCounter(Prefix);
        await _server.Get<Shared.Cycle.CycleStateLoader>().LoadAsync(Year);
        Assert.Equal(0, counter.Requests.Count(r => !r.StartsWith("GET ", StringComparison.Ordinal)));
    }

    private async Task<TestDevServer> StartInstanceAsync(string? sharedPrefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "Outbox",
            ["Survey:LinkSigningKey"] = SurveyFixture.SigningKey,
            ["Mail:SecretariatContact"] = "KKR Hovedstadens sekretariat, sekretariat@kkr-test.example",
        };
        if (sharedPrefix is not null)
        {
            settings["Storage:TablePrefix"] = sharedPrefix;
        }

        return await TestDevServer.StartAsync(settings, services => services.AddSingleton<TimeProvider>(_clock));
    }

    private async Task SaveLastYearAsync(string remark)
    {
        var ids = Shared.Catalogue.CatalogueFile.LoadBuiltIn(Year).AllRecommendations.Select(r => r.Id).ToList();
        await _server.Get<ResponseRepository>().SaveAsync(null, SurveyResponse.New(2026, Code) with
        {
            State = ResponseState.Submitted,
            SubmittedAt = _clock.GetUtcNow().AddYears(-1),
            Submitted = [new Answer(ids[0], Rating.Gul, remark)],
        });
    }

    private async Task<string> InviteAsync(int code = Code)
    {
        var entry = await _server.Get<ISurveyMailer>().SendInvitationAsync(Year, code, CancellationToken.None);
        Assert.Equal(SendStatus.Sent, entry.Status);
        var mail = _server.Get<DevServer.Mail.OutboxStore>().List()
            .First(m => m.Tags.TryGetValue("jobcentre", out var c) && c == code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return System.Text.RegularExpressions.Regex.Match(mail.Text, @"https?://\S+/skema/[A-Za-z0-9_-]+").Value;
    }

    private static HttpClient Client(TestDevServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };

    private static List<KeyValuePair<string, string>> CompletePost(string html)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("version", SurveyFixture.Hidden(html, "version")),
            new("indsendelse", SurveyFixture.Hidden(html, "indsendelse")),
            new("handling", "indsend"),
        };
        foreach (var r in Shared.Catalogue.CatalogueFile.LoadBuiltIn(Year).AllRecommendations)
        {
            fields.Add(new("farve-" + r.Id, "groen"));
            fields.Add(new("bem-" + r.Id, $"Godt på vej ({r.Id})"));
        }

        return fields;
    }
}
