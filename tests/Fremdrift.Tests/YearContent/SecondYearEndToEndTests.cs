using System.Globalization;
using System.Net;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Bilag;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Secretariat;

namespace Fremdrift.Tests.YearContent;

/// <summary>
/// A second year on the real local host and the Durable engine, on a fake clock: year 1 runs and closes; the
/// secretariat, through its pages, retires one recommendation, adds one, rewords one and sets the schedule of
/// year 2; the timer plans year 2 with that schedule and the loop opens it by itself; a chief's form asks the new
/// set, filled in from last year where the ids match; year 2 closes and its bilag is built from the new set.
/// </summary>
public class SecondYearEndToEndTests
{
    private const int Year1 = 2027;
    private const int Year2 = 2028;
    private const int Chief = 159; // Gladsaxe
    private static readonly FollowUpCycle Plan1 = CycleSchedule.Plan(Year1, new CycleOptions());
    private static readonly DateTimeOffset Opening2 = new(2028, 1, 11, 7, 0, 0, TimeSpan.Zero); // tirsdag 11. januar 2028 kl. 08.00

    [Fact]
    public async Task The_secretariats_changes_for_year_two_reach_the_chiefs_form_and_the_bilag()
    {
        // The two links a Danish public body must carry are set, so that "Klar til 2028?" can be all green.
        await using var host = await CycleTestHost.StartAsync(Plan1.OpensAt.AddHours(-1), settings: new Dictionary<string, string?>
        {
            ["Site:AccessibilityStatementUrl"] = "https://kkr.example/tilgaengelighed",
            ["Site:PrivacyNoticeUrl"] = "https://kkr.example/privatliv",
        });
        var directory = (await host.Server.Get<JobcentreRepository>().ListAsync()).Where(j => j.Active).ToList();

        // Year 1: opens, everyone answers, it closes early and its bilag is built.
        await host.AdvanceToAsync(Plan1.OpensAt.AddHours(1));
        foreach (var j in directory)
        {
            await host.SubmitAsync(Year1, j.MunicipalityCode);
        }

        Assert.Equal(CycleState.Closed, (await host.CycleAsync(Year1)).State);
        Assert.Contains(await host.Server.Get<ICycleDocuments>().ListAsync(Year1, default), d => d.Kind == DocumentKind.Bilag);
        var asked1 = (await host.Server.Get<CatalogueRepository>().GetAsync(Year1))!;

        // The secretariat prepares year 2 on its page.
        using var client = SecretariatEndpointTests.Client(host.Server);
        const string Page = "/sekretariat/anbefalinger/2028";
        var cockpit = WebUtility.HtmlDecode(await client.GetStringAsync("/sekretariat?aar=2027"));
        Assert.Contains("href=\"/sekretariat/anbefalinger/2028\">Anbefalinger og tidsplan for 2028</a>", cockpit, StringComparison.Ordinal);
        var page = await client.GetStringAsync(Page);
        Assert.Contains("Udgangspunktet er anbefalingerne fra 2027", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var draft = (await host.Server.Get<YearCatalogues>().GetAsync(Year2)).Draft;
        var reworded = draft.Active.First();
        var retired = draft.Active.Last();
        const string NewText = "Jobcentrene skal dele ledige stillinger med nabokommunerne inden for to arbejdsdage.";
        const string Rewording = "Alle kommuner skal være en del af et formaliseret virksomhedsberedskab (omformuleret 2028).";

        var edit = YearContentStorageTests.EditFields(draft, YearContentStorageTests.Version(page), reworded.Id, Rewording)
            .Append(("udgaar-" + retired.Id, "ja")).ToArray();
        Assert.Equal(HttpStatusCode.SeeOther, (await SecretariatEndpointTests.PostAsync(client, Page, edit)).StatusCode);
        page = await client.GetStringAsync(Page);
        Assert.Equal(HttpStatusCode.SeeOther, (await SecretariatEndpointTests.PostAsync(client, Page,
            ("handling", "tilfoej"), ("version", YearContentStorageTests.Version(page)), ("ny-omraade", "B"), ("ny-type", "SKAL"), ("ny-tekst", NewText))).StatusCode);
        var newId = CatalogueEditing.NextId("B", asked1.AllRecommendations.Select(r => r.Id));
        page = await client.GetStringAsync(Page);
        Assert.Equal(HttpStatusCode.SeeOther, (await SecretariatEndpointTests.PostAsync(client, Page,
            YearContentStorageTests.ScheduleFields(page, "2028-01-11", "2028-03-03", "14,7"))).StatusCode);

        // The invitation's wording for year 2, on the mail-text page.
        const string Subject2 = "Fremdrift {år}: {jobcenter} bedes svare senest {svarfrist}";
        Assert.Equal(HttpStatusCode.SeeOther, (await SecretariatEndpointTests.PostAsync(client, $"/sekretariat/mailtekster/{Year2}",
            ("mail", "invitation"), ("emne", Subject2), ("tekst", "Kære {chef}\n\nDen nye runde er i gang; tre anbefalinger er ændret.\n\n{link}"),
            ("version", ""), ("handling", "gem"))).StatusCode);

        // "Klar til 2028?": every check green before the opening (the mail key, the signing key, the contacts, the links,
        // the recommendations the secretariat saved, the timer, storage).
        var readiness = await host.Server.Get<Fremdrift.Shared.Readiness.ReadinessChecker>().CheckAsync(Year2, default);
        Assert.True(readiness.AllGreen, string.Join("\n", readiness.Checks.Where(c => !c.Ok).Select(c => c.Title + ": " + c.Detail)));
        Assert.Contains("gemt af sekretariatet", readiness.Checks.Single(c => c.Title == "Årets anbefalinger").Detail, StringComparison.Ordinal);

        // The preview shows the new set as the chief will see it, and cannot be submitted.
        var preview = WebUtility.HtmlDecode(await client.GetStringAsync(Page + "/forhaandsvisning"));
        Assert.Contains(Rewording, preview, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"rid\">{newId}</span>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain($"<span class=\"rid\">{retired.Id}</span>", preview, StringComparison.Ordinal);

        // After year 1's default deadline the daily timer plans year 2 with the secretariat's schedule, and its loop runs.
        host.Clock.SetUtcNow(Plan1.Deadline.AddDays(3));
        var planned = await WaitForCycleAsync(host, Year2);
        host.Year = Year2;
        await host.Monitor.WaitUntilIdleAsync(Year2, -1).WaitAsync(CycleTestHost.Patience);
        Assert.Equal((CycleState.Planned, Opening2, new DateTimeOffset(2028, 3, 3, 22, 59, 0, TimeSpan.Zero)), (planned.State, planned.OpensAt, planned.Deadline));
        Assert.Null(await host.Server.Get<CatalogueRepository>().GetAsync(Year2));

        // The loop opens year 2 on its own at the set opening and invites all 29.
        await host.AdvanceToAsync(Opening2.AddHours(1));
        Assert.Equal(CycleState.Open, (await host.CycleAsync(Year2)).State);
        var asked2 = (await host.Server.Get<CatalogueRepository>().GetAsync(Year2))!;
        Assert.Equal(Rewording, asked2.Find(reworded.Id)!.Text);
        Assert.Null(asked2.Find(retired.Id));
        Assert.Equal((Obligation.Skal, NewText), (asked2.Find(newId)!.Obligation, asked2.Find(newId)!.Text));
        var invitations = host.Server.Get<OutboxStore>().List().Where(m => m.At >= Opening2 && m.Tags["step"] == MailSteps.Invitation).ToList();
        Assert.Equal(29, invitations.Count);
        Assert.All(invitations, m => Assert.StartsWith("Fremdrift 2028: ", m.Subject, StringComparison.Ordinal));
        Assert.All(invitations, m => Assert.Contains("tre anbefalinger er ændret", m.Text, StringComparison.Ordinal));

        // A chief opens the form: the new set, filled in with last year's answers where the id continues.
        var link = OutboxEndpoints.Links(invitations.Single(m => m.Tags["jobcentre"] == Chief.ToString(CultureInfo.InvariantCulture)).Text)
            .Single(l => l.Contains("/skema/", StringComparison.Ordinal));
        using var chief = new HttpClient();
        var form = WebUtility.HtmlDecode(await chief.GetStringAsync(link));
        Assert.Contains("Fremdriftsskema 2028", form, StringComparison.Ordinal);
        Assert.Contains(Rewording, form, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"rid\">{newId}</span>", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"b-{retired.Id}\"", form, StringComparison.Ordinal);
        Assert.Contains("udfyldt med jeres indsendte svar fra sidste år (2027)", form, StringComparison.Ordinal);
        var lastYear = (await host.Server.Get<ResponseRepository>().GetAsync(Year1, Chief))!.Submitted.Single(a => a.RecommendationId == reworded.Id);
        var code = lastYear.Rating!.Value.Code();
        Assert.Contains($"id=\"f-{reworded.Id}-{code}\" value=\"{code}\" checked", form, StringComparison.Ordinal);
        Assert.Contains($"id=\"b-{reworded.Id}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"f-{newId}-groen\" value=\"groen\" checked", form, StringComparison.Ordinal);
        Assert.Contains($"id=\"b-{newId}\"", form, StringComparison.Ordinal);

        // Year 2 closes when everyone has answered, and its bilag asks the new set.
        foreach (var j in directory)
        {
            await host.SubmitAsync(Year2, j.MunicipalityCode);
        }

        Assert.Equal(CycleState.Closed, (await host.CycleAsync(Year2)).State);
        var documents = host.Server.Get<ICycleDocuments>();
        var bilag = (await documents.ListAsync(Year2, default)).Single(d => d.Kind == DocumentKind.Bilag);
        using var docx = new DocxReader((await documents.ReadAsync(bilag.BlobName, default))!);
        var text = DocxReader.Text(docx.Body);
        Assert.Contains(NewText, text, StringComparison.Ordinal);
        Assert.Contains(Rewording, text, StringComparison.Ordinal);
        Assert.DoesNotContain(retired.Text, text, StringComparison.Ordinal);
        var audit = await host.Server.Get<AuditLogRepository>().ListAsync(Year2);
        Assert.Contains(audit, e => e.Action == $"Lod anbefaling {retired.Id} udgå");
        Assert.Contains(audit, e => e.Action == $"Tilføjede anbefaling {newId}");
        Assert.Contains(audit, e => e.Action == $"Ændrede anbefaling {reworded.Id}");
        Assert.Contains(audit, e => e.Action == "Satte tidsplanen");
    }

    private static async Task<FollowUpCycle> WaitForCycleAsync(CycleTestHost host, int year)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await host.Server.Get<CycleRepository>().GetAsync(year) is { } cycle)
            {
                return cycle;
            }

            Assert.True(waited.Elapsed < CycleTestHost.Patience, $"The timer did not plan {year} within {CycleTestHost.Patience}.");
            await Task.Delay(100);
        }
    }
}
