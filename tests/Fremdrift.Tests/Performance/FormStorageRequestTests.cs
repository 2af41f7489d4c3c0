using System.Net;
using Fremdrift.Shared.Danish;
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
/// nothing that can change is kept in memory. A view writes nothing. A submit reads the cycle row and writes one
/// transaction guarded by the version the page was made with (signed, so it stands in for reading the response).
/// </summary>
[Collection(StorageRequestCounts.Name)]
public sealed class FormStorageRequestTests : IAsyncLifetime
{
    private const int Year = SurveyFixture.Year;
    private const int Code = 153;
    private static readonly string[] AppTables = ["Catalogues", "Cycles", "Jobcentres", "Links", "Responses"];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
    private TestDevServer _server = null!;
    private TableByteMeter _endpoint = null!;

    private string Prefix => _server.Get<IOptions<StorageOptions>>().Value.TablePrefix;

    public async Task InitializeAsync()
    {
        // This test's hosts reach the tables through a port of their own, so a transaction ("$batch", whose address
        // names no table) of a host of an earlier test still at work in this process is not counted as theirs.
        _endpoint = TableByteMeter.Start(await TestAzurite.GetAsync());
        _server = await StartInstanceAsync(null);
        await SurveyFixture.CreateCycleAsync(_server.Services, 2026, CycleState.Closed);
        await SurveyFixture.CreateCycleAsync(_server.Services, Year, CycleState.Open);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task A_cold_instances_first_view_is_four_requests_a_new_link_three_and_every_later_view_two_all_reads()
    {
        await SaveLastYearAsync("Sidste års bemærkning");
        var link = await InviteAsync();
        var second = await InviteAsync(101);

        // A cold instance: a new host on the same storage, so nothing is in its memory.
        await using var cold = await StartInstanceAsync(Prefix);
        using var counter = Counter();
        using var client = Client(cold);
        var first = WebUtility.HtmlDecode(await client.GetStringAsync(OnInstance(link)));
        Assert.Contains("Sidste år: Gul – Sidste års bemærkning", first, StringComparison.Ordinal);

        // The catalogue snapshot is read once per host, unless the host's start read it already (the local host does).
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter).Where(t => t != "Catalogues"));
        counter.AssertCount(3, 4);

        counter.Reset();
        (await client.GetAsync(OnInstance(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter));

        for (var i = 0; i < 3; i++)
        {
            counter.Reset();
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(OnInstance(link)));
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
        using var counter = Counter();
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
        (await client.GetAsync(OnInstance(link))).EnsureSuccessStatusCode();

        var second = await InviteAsync(101);
        using var counter = Counter();
        (await client.GetAsync(OnInstance(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Links", "Responses"], Tables(counter));
        counter.Reset();
        (await client.GetAsync(OnInstance(second))).EnsureSuccessStatusCode();
        Assert.Equal(["Cycles", "Responses"], Tables(counter));
    }

    [Fact]
    public async Task A_submit_is_the_cycle_row_and_one_transaction_warm_after_idling_and_on_a_cold_instance()
    {
        // Warm: the page's signed version stands in for the response read; the transaction is guarded by its ETag.
        var link = await InviteAsync();
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));
        using var counter = Counter();
        var answer = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Tak – jeres svar er indsendt", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        counter.AssertCount(2);
        Assert.Equal(["Cycles"], Tables(counter));
        Assert.Single(counter.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("$batch", StringComparison.Ordinal));
        var stored = await _server.Get<ResponseRepository>().GetAsync(Year, Code);
        Assert.True(stored!.IsSubmitted);
        Assert.Equal(16, stored.Submitted.Count);

        // After an idle minute: the same two.
        var other = await InviteAsync(101);
        html = await client.GetStringAsync(new Uri(other));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        counter.Reset();
        answer = await client.PostAsync(new Uri(other), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        counter.AssertCount(2);
        Assert.Equal(["Cycles"], Tables(counter));

        // A cold instance (a page made by another instance posted to a new one): + the link's index row and the
        // catalogue snapshot, both kept from then on (they never change).
        var third = await InviteAsync(147);
        html = await client.GetStringAsync(new Uri(third));
        await using var cold = await StartInstanceAsync(Prefix);
        using var coldClient = Client(cold);
        counter.Reset();
        answer = await coldClient.PostAsync(OnInstance(third), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["Cycles", "Links"], Tables(counter).Where(t => t != "Catalogues"));
        counter.AssertCount(3, 4);
        Assert.True((await _server.Get<ResponseRepository>().GetAsync(Year, 147))!.IsSubmitted);
    }

    [Fact]
    public async Task A_draft_then_a_submit_then_a_draft_keep_the_first_save_the_submission_and_the_link_in_two_requests_each()
    {
        var link = await InviteAsync();
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));
        var issued = (await _server.Get<ResponseRepository>().GetAsync(Year, Code))!.Link;
        using var counter = Counter();

        var firstSave = _clock.GetUtcNow();
        var draft = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(SurveyFixture.With(CompletePost(html), "handling", "gem")));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        html = await draft.Content.ReadAsStringAsync();
        Assert.Contains("Kladden er gemt", html, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromHours(1));
        var submitted = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Contains("Tak – jeres svar er indsendt", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var submittedAt = _clock.GetUtcNow();

        // The receipt page links back to the form; a draft saved after the submit keeps the submission.
        html = await client.GetStringAsync(new Uri(link));
        _clock.Advance(TimeSpan.FromHours(1));
        counter.Reset();
        var after = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(SurveyFixture.With(CompletePost(html, "Rettet"), "handling", "gem")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains($"Indsendt {DanishDates.DateAndTime(submittedAt)}", WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        counter.AssertCount(2);

        var stored = (await _server.Get<ResponseRepository>().GetAsync(Year, Code))!;
        Assert.Equal(firstSave, stored.OpenedAt);
        Assert.Equal(submittedAt, stored.SubmittedAt);
        Assert.Equal(ResponseState.Submitted, stored.State);
        Assert.Equal(SurveyFormHandler.SubmittedByLink, stored.SubmittedBy);
        Assert.Equal(issued, stored.Link);
        Assert.All(stored.Submitted, a => Assert.StartsWith("Godt på vej", a.Remark, StringComparison.Ordinal));
        Assert.All(stored.Draft, a => Assert.StartsWith("Rettet", a.Remark, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_opened_before_a_new_link_was_issued_saves_nothing_and_the_old_link_is_not_found_on_any_instance()
    {
        // The other instance served the old link, so it keeps the link's index row; the new link is issued through this one.
        var link = await InviteAsync();
        await using var other = await StartInstanceAsync(Prefix);
        using var client = Client(other);
        var html = await client.GetStringAsync(OnInstance(link));
        await _server.Get<SurveyLinks>().ReissueAsync(Year, Code, "test", CancellationToken.None);

        using var counter = Counter();
        var post = await client.PostAsync(OnInstance(link), new FormUrlEncodedContent(CompletePost(html)));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        counter.AssertCount(3); // the cycle row, the transaction refused (the header changed), the response
        Assert.Equal(["Cycles", "Responses"], Tables(counter));
        var stored = (await _server.Get<ResponseRepository>().GetAsync(Year, Code))!;
        Assert.False(stored.IsSubmitted);
        Assert.Null(stored.OpenedAt);
        Assert.Empty(stored.Draft);
    }

    [Theory]
    [InlineData("submitted time added")]
    [InlineData("another jobcentre's version")]
    [InlineData("the bare ETag of another save")]
    public async Task A_version_this_app_did_not_sign_for_this_link_saves_nothing_and_is_told_of_a_conflict(string tampering)
    {
        var link = await InviteAsync();
        var otherLink = await InviteAsync(101);
        using var client = Client(_server);
        var html = await client.GetStringAsync(new Uri(link));
        var version = SurveyFixture.Hidden(html, "version");
        var parts = version.Split('.', 5);
        var posted = tampering switch
        {
            // Claiming the response was submitted (so a draft save would keep a submission that never was).
            "submitted time added" => string.Join('.', parts[0], parts[1], parts[2], _clock.GetUtcNow().UtcTicks, parts[4]),
            "another jobcentre's version" => SurveyFixture.Hidden(await client.GetStringAsync(new Uri(otherLink)), "version"),
            _ => "W/\"datetime'2027-01-15T09%3A00%3A00.0000000Z'\"",
        };

        var post = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(SurveyFixture.With(CompletePost(html), "version", posted)));
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        var stored = (await _server.Get<ResponseRepository>().GetAsync(Year, Code))!;
        Assert.False(stored.IsSubmitted);
        Assert.Empty(stored.Draft);

        // The conflict page carries a version signed for the response as it is: posting it saves.
        var again = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(CompletePost(await post.Content.ReadAsStringAsync())));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await _server.Get<ResponseRepository>().GetAsync(Year, Code))!.IsSubmitted);
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

    /// <summary>Counts the requests of this test's hosts: to its tables, and its transactions (on its own endpoint).</summary>
    private StorageRequestCounter Counter() => new(Prefix, tableEndpoint: $"http://127.0.0.1:{_endpoint.Port}/");

    private async Task<TestDevServer> StartInstanceAsync(string? sharedPrefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _endpoint.ConnectionString,
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

    /// <summary>A mailed link's path, for the client's own instance (the mail carries the public address of the host that sent it).</summary>
    private static Uri OnInstance(string link) => new(new Uri(link).PathAndQuery, UriKind.Relative);

    private static HttpClient Client(TestDevServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };

    private static List<KeyValuePair<string, string>> CompletePost(string html, string remark = "Godt på vej")
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
            fields.Add(new("bem-" + r.Id, $"{remark} ({r.Id})"));
        }

        return fields;
    }
}
