using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Secretariat;

namespace Fremdrift.Tests.YearContent;

/// <summary>
/// A year's recommendations and schedule on real Azurite: the repositories' versions, two editors at once over HTTP
/// on the local host, the freeze when the cycle opens, the schedule moving a planned cycle, export and import.
/// </summary>
public partial class YearContentStorageTests
{
    private const int Year = 2028;
    private const string Page = "/sekretariat/anbefalinger/2028";
    private static readonly DateTimeOffset Autumn2027 = new(2027, 10, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly System.Text.Json.JsonSerializerOptions ExportLike = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    [GeneratedRegex("name=\"version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("name=\"(tidsplanversion|cyklusversion)\" value=\"([^\"]*)\"")]
    private static partial Regex ScheduleVersionFields();

    [Fact]
    public async Task Two_editors_of_the_draft_the_second_gets_a_conflict_and_the_first_ones_text_stands()
    {
        var drafts = new YearCatalogueRepository(await TestAzurite.FreshClientsAsync());
        var seed = CatalogueDraft.From(CatalogueFile.LoadBuiltIn(Year), Year);
        Assert.Null(await drafts.GetAsync(Year));

        var first = await drafts.SaveAsync(seed);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => drafts.SaveAsync(seed)); // a second "first save"

        var tabA = (await drafts.GetAsync(Year))!;
        var tabB = (await drafts.GetAsync(Year))!;
        Assert.Equal(first.Version, tabA.Version);
        var savedA = await drafts.SaveAsync(Applied(CatalogueEditing.Add(tabA, "B", "KAN", "Fra redaktør A", [])));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => drafts.SaveAsync(Applied(CatalogueEditing.Add(tabB, "B", "SKAL", "Fra redaktør B", []))));

        var stored = (await drafts.GetAsync(Year))!;
        Assert.Equal(savedA.Version, stored.Version);
        Assert.Equal(savedA.Recommendations, stored.Recommendations);
        Assert.Single(stored.Recommendations, r => r.Text == "Fra redaktør A");
        Assert.DoesNotContain(stored.Recommendations, r => r.Text == "Fra redaktør B");
        Assert.Equal(seed.Areas, stored.Areas);
    }

    [Fact]
    public async Task An_editor_who_read_the_draft_before_the_freeze_cannot_save_after_it()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        var drafts = host.Server.Get<YearCatalogueRepository>();
        await drafts.SaveAsync(CatalogueDraft.From(CatalogueFile.LoadBuiltIn(Year), Year));
        var editor = (await drafts.GetAsync(Year))!;

        var frozen = await host.Server.Get<YearCatalogues>().FreezeAsync(Year);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => drafts.SaveAsync(Applied(CatalogueEditing.Add(editor, "V", "SKAL", "Efter frysningen", []))));
        Assert.True((await drafts.GetAsync(Year))!.Frozen);
        Assert.Equal(frozen.AllRecommendations, (await host.Server.Get<YearCatalogues>().FreezeAsync(Year)).AllRecommendations);
        Assert.DoesNotContain((await host.Server.Get<CatalogueRepository>().GetAsync(Year))!.AllRecommendations, r => r.Text == "Efter frysningen");
    }

    [Fact]
    public async Task Two_editors_over_HTTP_the_second_gets_a_Danish_conflict_and_keeps_their_input()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var first = await client.GetStringAsync(Page);
        Assert.Contains("Udgangspunktet er de indbyggede anbefalinger fra 2015", WebUtility.HtmlDecode(first), StringComparison.Ordinal);
        var state = await host.Server.Get<YearCatalogues>().GetAsync(Year);
        var target = state.Draft.Active.First();

        // Editor A rewords one recommendation; editor B, who opened the page at the same time, rewords it too.
        var a = await PostAsync(client, EditFields(state.Draft, Version(first), target.Id, "Tekst fra A"));
        Assert.Equal(HttpStatusCode.SeeOther, a.StatusCode);
        var b = await PostAsync(client, EditFields(state.Draft, Version(first), target.Id, "Tekst fra B"));

        Assert.Equal(HttpStatusCode.Conflict, b.StatusCode);
        var raw = await b.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("blev ændret af en anden, mens du redigerede. Dine ændringer er IKKE gemt endnu", html, StringComparison.Ordinal);
        Assert.Contains(">Tekst fra B</textarea>", html, StringComparison.Ordinal);
        var stored = await host.Server.Get<YearCatalogueRepository>().GetAsync(Year);
        Assert.Equal("Tekst fra A", stored!.Recommendations.Single(r => r.Id == target.Id).Text);

        // With the version the conflict page gave, B's save goes through, and each change is one audit entry.
        var again = await PostAsync(client, EditFields(stored, Version(raw), target.Id, "Tekst fra B"));
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        var audit = await host.Server.Get<AuditLogRepository>().ListAsync(Year);
        Assert.Equal(2, audit.Count(e => e.Action == $"Ændrede anbefaling {target.Id}"));
        Assert.Contains(audit, e => e.Details.Contains("\"Tekst fra A\" → \"Tekst fra B\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_input_is_shown_again_in_Danish_and_nothing_is_stored()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var page = await client.GetStringAsync(Page);
        var draft = (await host.Server.Get<YearCatalogues>().GetAsync(Year)).Draft;

        var empty = await PostAsync(client, EditFields(draft, Version(page), draft.Active.First().Id, "   "));
        var add = await PostAsync(client, [("handling", "tilfoej"), ("version", Version(page)), ("ny-omraade", "V"), ("ny-type", "KAN"), ("ny-tekst", new string('x', 2001))]);
        var repeated = await PostAsync(client, [("handling", "tilfoej"), ("handling", "gem")]);
        var unknownYear = await client.GetAsync("/sekretariat/anbefalinger/1999");

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains($"Anbefaling {draft.Active.First().Id}: skriv anbefalingens tekst.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
        var addHtml = WebUtility.HtmlDecode(await add.Content.ReadAsStringAsync());
        Assert.Contains("Den nye anbefaling: teksten er for lang (2001 tegn; højst 2000).", addHtml, StringComparison.Ordinal);
        Assert.Contains(new string('x', 2001) + "</textarea>", addHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Contains("optræder mere end én gang", WebUtility.HtmlDecode(await repeated.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownYear.StatusCode);
        Assert.Null(await host.Server.Get<YearCatalogueRepository>().GetAsync(Year));
        Assert.Empty(await host.Server.Get<AuditLogRepository>().ListAsync(Year));
    }

    [Fact]
    public async Task Opening_the_cycle_freezes_the_draft_into_its_snapshot_and_the_editor_becomes_read_only()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var page = await client.GetStringAsync(Page);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(client, [("handling", "tilfoej"), ("version", Version(page)), ("ny-omraade", "O"), ("ny-type", "SKAL"), ("ny-tekst", "Ny anbefaling for 2028")])).StatusCode);
        var cycle = (await host.Server.Get<CycleStarter>().EnsureCycleAsync(Year, "test")).Cycle;

        // Planned, not open: nothing is frozen yet.
        Assert.Null(await host.Server.Get<CatalogueRepository>().GetAsync(Year));
        page = await client.GetStringAsync(Page);

        host.Clock.SetUtcNow(cycle.OpensAt);
        await host.Server.Get<CycleActionRunner>().OpenAsync(Year);

        var snapshot = await host.Server.Get<CatalogueRepository>().GetAsync(Year);
        Assert.NotNull(snapshot);
        Assert.Contains(snapshot.AllRecommendations, r => r.Text == "Ny anbefaling for 2028" && r.Id == "O" + (CatalogueFile.LoadBuiltIn(2028).AllRecommendations.Count(x => x.AreaId == "O") + 1));
        var late = await PostAsync(client, [("handling", "tilfoej"), ("version", Version(page)), ("ny-omraade", "O"), ("ny-type", "SKAL"), ("ny-tekst", "For sent")]);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var html = WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync());
        Assert.Contains("Anbefalingerne for 2028 er låst: opfølgningen 2028 er åbnet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gem ændringerne", html, StringComparison.Ordinal);
        Assert.DoesNotContain((await host.Server.Get<CatalogueRepository>().GetAsync(Year))!.AllRecommendations, r => r.Text == "For sent");
    }

    [Fact]
    public async Task The_schedule_is_used_when_the_cycle_is_planned_moves_a_planned_cycle_and_is_fixed_once_open()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var page = await client.GetStringAsync(Page);
        Assert.Contains("value=\"2028-01-06\"", page, StringComparison.Ordinal); // the default: first working day after 5 January

        var holiday = await PostAsync(client, ScheduleFields(page, "2028-01-08", "2028-03-03", "14,7"));
        Assert.Equal(HttpStatusCode.BadRequest, holiday.StatusCode);
        Assert.Contains("Åbningsdagen lørdag den 8. januar 2028 er ikke en arbejdsdag (lørdag).", WebUtility.HtmlDecode(await holiday.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(client, ScheduleFields(page, "2028-01-11", "2028-03-03", "14,7"))).StatusCode);
        // A second editor with the page from before gets a conflict, and keeps their dates on the page.
        var second = await PostAsync(client, ScheduleFields(page, "2028-01-12", "2028-03-03", "14,7"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("value=\"2028-01-12\"", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var cycle = (await host.Server.Get<CycleStarter>().EnsureCycleAsync(Year, "test")).Cycle;
        Assert.Equal(new DateTimeOffset(2028, 1, 11, 7, 0, 0, TimeSpan.Zero), cycle.OpensAt);
        Assert.Equal(new DateTimeOffset(2028, 3, 3, 22, 59, 0, TimeSpan.Zero), cycle.Deadline);
        Assert.Equal([14, 7], cycle.Reminders.DaysBeforeDeadline);

        // The planned cycle moves with the schedule (guarded by both versions).
        page = await client.GetStringAsync(Page);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(client, ScheduleFields(page, "2028-01-13", "2028-03-10", "7"))).StatusCode);
        var moved = await host.CycleAsync(Year);
        Assert.Equal((new DateTimeOffset(2028, 1, 13, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 3, 10, 22, 59, 0, TimeSpan.Zero)), (moved.OpensAt, moved.Deadline));
        Assert.Contains(await host.Server.Get<AuditLogRepository>().ListAsync(Year), e => e.Action == "Satte tidsplanen" && e.Details.StartsWith("Åbner torsdag den 13. januar 2028 kl. 08.00", StringComparison.Ordinal));

        host.Clock.SetUtcNow(moved.OpensAt);
        await host.Server.Get<CycleActionRunner>().OpenAsync(Year);
        page = await client.GetStringAsync(Page);
        Assert.DoesNotContain("Gem tidsplanen", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var refused = await PostAsync(client, ScheduleFields(page, "2028-01-20", "2028-03-10", "7"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("er åbnet, så tidsplanen ligger fast", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(moved.OpensAt, (await host.CycleAsync(Year)).OpensAt);
    }

    [Fact]
    public async Task Export_and_import_as_JSON_carry_a_bulk_edit_and_a_bad_file_changes_nothing()
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var export = await client.GetAsync(Page + "/json");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("anbefalinger-2028.json", export.Content.Headers.ContentDisposition!.FileNameStar);
        var json = await export.Content.ReadAsStringAsync();
        var catalogue = CatalogueFile.Parse(json, "eksport", Year);
        Assert.Equal(CatalogueFile.LoadBuiltIn(Year).AllRecommendations, catalogue.AllRecommendations);

        // A bulk edit: the last recommendation removed and the first reworded.
        var first = catalogue.AllRecommendations.First();
        var last = catalogue.AllRecommendations.Last();
        var edited = json.Replace(System.Text.Json.JsonSerializer.Serialize(first.Text, ExportLike), "\"Omformuleret i filen\"", StringComparison.Ordinal);
        Assert.NotEqual(json, edited);
        var imported = Assert.IsType<CatalogueEditOutcome.Applied>(CatalogueEditing.Import(CatalogueDraft.From(catalogue, Year), CatalogueFile.Parse(edited, "x", Year), []));
        Assert.Single(imported.Changes);

        var page = await client.GetStringAsync(Page);
        var bad = await UploadAsync(client, Version(page), "{\"areas\": [}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("er ikke gyldig JSON", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await host.Server.Get<YearCatalogueRepository>().GetAsync(Year));

        var withoutLast = System.Text.Json.Nodes.JsonNode.Parse(edited)!;
        foreach (var area in withoutLast["areas"]!.AsArray())
        {
            var recs = area!["recommendations"]!.AsArray();
            var gone = recs.FirstOrDefault(r => (string?)r!["id"] == last.Id);
            if (gone is not null)
            {
                recs.Remove(gone);
            }
        }

        var ok = await UploadAsync(client, Version(page), withoutLast.ToJsonString());
        Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        var stored = (await host.Server.Get<YearCatalogueRepository>().GetAsync(Year))!;
        Assert.Equal("Omformuleret i filen", stored.Recommendations.Single(r => r.Id == first.Id).Text);
        Assert.True(stored.Recommendations.Single(r => r.Id == last.Id).Retired);
        var audit = await host.Server.Get<AuditLogRepository>().ListAsync(Year);
        Assert.Contains(audit, e => e.Action == $"Lod anbefaling {last.Id} udgå");
        Assert.Contains(audit, e => e.Action == $"Ændrede anbefaling {first.Id}");
    }

    private static CatalogueDraft Applied(CatalogueEditOutcome outcome) => Assert.IsType<CatalogueEditOutcome.Applied>(outcome).Draft;

    internal static string Version(string html) => WebUtility.HtmlDecode(VersionField().Match(html).Groups[1].Value);

    internal static (string, string)[] EditFields(CatalogueDraft draft, string version, string changedId, string text)
    {
        var fields = new List<(string, string)> { ("handling", "gem"), ("version", version) };
        var i = 0;
        foreach (var r in draft.Active)
        {
            i++;
            fields.Add(("id", r.Id));
            fields.Add(("tekst-" + r.Id, r.Id == changedId ? text : r.Text));
            fields.Add(("omraade-" + r.Id, r.AreaId));
            fields.Add(("type-" + r.Id, CatalogueEditing.Word(r.Obligation)));
            fields.Add(("nr-" + r.Id, (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return [.. fields];
    }

    internal static (string, string)[] ScheduleFields(string page, string opening, string deadline, string reminders)
    {
        // The versions are ETags with quotes: read them from the page as served (encoded), then decode each.
        var versions = ScheduleVersionFields().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return [("handling", "tidsplan"), ("tidsplanversion", versions.GetValueOrDefault("tidsplanversion", "")), ("cyklusversion", versions.GetValueOrDefault("cyklusversion", "")), ("aabning", opening), ("svarfrist", deadline), ("paamindelser", reminders)];
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, (string, string)[] fields) =>
        SecretariatEndpointTests.PostAsync(client, Page, fields);

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string version, string json)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(version), "version" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "fil", "anbefalinger-2028.json");
        return client.PostAsync(Page + "/json", content);
    }
}
