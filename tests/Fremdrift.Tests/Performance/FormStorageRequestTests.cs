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
/// Issue 21's bounds for the form, counted on real Azurite from the SDK's own request events: a form view reads the
/// response's rows and the cycle row side by side (2 requests), plus the link's index row the first time an instance
/// sees that link (3), plus the catalogue snapshot on a cold instance (4); the same after any idle time, because
/// nothing that can change is kept in memory. A view writes nothing. A submit is those two reads and one transaction.
/// </summary>
[Collection(StorageRequestCounts.Name)]
public sealed class FormStorageRequestTests : IAsyncLifetime
{
    private const int Year = SurveyFixture.Year;
    private const int Code = 153;
    private static readonly string[] AppTables = ["Catalogues", "Cycles", "Jobcentres", "Links", "Responses", "SendLog"];
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
    public async Task A_cold_instances_first_view_is_four_requests_a_new_link_three_and_every_later_view_two_all_reads()
    {
        await SaveLastYearAsync("Sidste års bemærkning");
        var link = await InviteAsync();
        var second = await InviteAsync(101);

        // A cold instance: a new host on the same storage, so nothing is in its memory.
        await using var cold = await StartInstanceAsync(Prefix);
        using var counter = new StorageRequestCounter(Prefix);
        using var client = Client(cold);
        var first = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(link)));
        Assert.Contains("Sidste år: Gul – Sidste års bemærkning", first, StringComparison.Ordinal);

        // The catalogue snapshot is read once per host, unless the host's start read it already (the local host does).
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter).Where(t => t != "Catalogues"));
        Assert.InRange(counter.Count, 3, 4);

        counter.Reset();
        (await client.GetAsync(new Uri(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter));

        for (var i = 0; i < 3; i++)
        {
            counter.Reset();
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(link)));
            Assert.Contains("Sidste år: Gul – Sidste års bemærkning", html, StringComparison.Ordinal);
            Assert.Equal(["Cycles", "Responses"], Tables(counter));
        }

        Assert.Equal(0, counter.Requests.Count(r => !r.StartsWith("GET ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_an_idle_minute_a_view_makes_the_same_two_requests_as_before_it()
    {
        var link = await InviteAsync();
        using var client = Client(_server);
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();
        using var counter = new StorageRequestCounter(Prefix);
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();
        var busy = Tables(counter);

        // Idle: the app's clock moves on a minute and some real time passes. The view reads the cycle and the
        // response every time (that is what the list above shows), so no copy can have expired in between.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        counter.Reset();
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Responses"], busy);
        Assert.Equal(busy, Tables(counter));
    }

    [Fact]
    public async Task A_second_app_instance_serves_a_link_it_has_not_seen_in_three_requests_then_two()
    {
        var link = await InviteAsync();
        await using var other = await StartInstanceAsync(Prefix);
        using var client = Client(other);
        (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode();

        var second = await InviteAsync(101);
        using var counter = new StorageRequestCounter(Prefix);
        (await client.GetAsync(new Uri(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter));
        counter.Reset();
        (await client.GetAsync(new Uri(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Responses"], Tables(counter));
    }

    [Fact]
    public async Task A_submit_is_two_reads_side_by_side_and_one_transaction_and_is_stored()
    {
        var link = await InviteAsync();
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));

        using var counter = new StorageRequestCounter(Prefix);
        var answer = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Tak – jeres svar er indsendt", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(3, counter.Count);
        Assert.Equal(["Cycles", "Responses"], Tables(counter));
        Assert.Single(counter.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("$batch", StringComparison.Ordinal));

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
    public async Task A_response_stored_as_opened_by_an_old_view_counts_as_not_opened()
    {
        await InviteAsync();
        var table = _server.Get<StorageClients>().Table("Responses");
        var header = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(Year.ToString(System.Globalization.CultureInfo.InvariantCulture), Code.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))).Value;
        header["State"] = "Opened";
        await table.UpdateEntityAsync(header, header.ETag);

        Assert.Equal(ResponseState.NotOpened, (await _server.Get<ResponseRepository>().GetAsync(Year, Code))!.State);
        var status = Assert.Single(await _server.Get<ResponseRepository>().ListStatusesAsync(Year), s => s.MunicipalityCode == Code);
        Assert.Equal(ResponseState.NotOpened, status.State);
    }

    /// <summary>The tables the counted requests went to, each once, in name order ("$batch" is left out).</summary>
    private static List<string> Tables(StorageRequestCounter counter) =>
        AppTables
            .Where(t => counter.To(t) > 0)
            .SelectMany(t => Enumerable.Repeat(t, counter.To(t)))
            .ToList();

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
