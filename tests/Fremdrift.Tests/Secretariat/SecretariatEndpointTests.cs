using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Secretariat;

/// <summary>The secretariat's page and commands over HTTP on the real local host (loop off, fake clock).</summary>
public class SecretariatEndpointTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private const string Actor = "sekretariat (lokal)";
    private static readonly (string, string) Confirmed = ("bekraeft", "ja");

    internal static HttpClient Client(TestDevServer server, bool signedIn = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };
        if (signedIn)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretariatAuth.User + ":" + TestDevServer.SecretariatPassword)));
        }

        return client;
    }

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, params (string Name, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    private static async Task<CycleTestHost> OpenCycleAsync(DateTimeOffset now)
    {
        var host = await CycleTestHost.StartAsync(now, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        return host;
    }

    [Fact]
    public async Task Page_and_commands_need_sign_in_and_change_nothing_without_it()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        using var anonymous = Client(host.Server, signedIn: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/sekretariat")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/sekretariat/kommando/luk", ("aar", "2027"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/sekretariat/jobcenter/101", ("chefmail", "x@y.example"))).StatusCode);

        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        Assert.DoesNotContain(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Lukkede opfølgningen");
    }

    [Fact]
    public async Task Status_page_shows_every_jobcentre_counts_and_the_commands()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        await host.Server.Get<CycleActionRunner>().RunAsync(new CycleAction.SendInvitation(2027, 101));
        using var client = Client(host.Server);

        var response = await client.GetAsync("/sekretariat");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Opfølgningen 2027", html, StringComparison.Ordinal);
        Assert.Equal(29, CountOf(html, "<tr id=\"jc-"));
        Assert.Contains("Invitation: sendt", html, StringComparison.Ordinal);
        Assert.Contains("Næste påmindelse fredag den 12. februar 2027 kl. 09.00", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/sekretariat/kommando/paamind\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat/dokumenter?aar=2027\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat/udbakke\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_now_asks_first_then_opens_the_posted_year_at_once_and_is_audited()
    {
        var now = Plan2027.OpensAt.AddDays(-10);
        await using var host = await CycleTestHost.StartAsync(now, loop: false);
        using var client = Client(host.Server);

        var asked = await PostAsync(client, "/sekretariat/kommando/start", ("aar", "2027"));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Start opfølgningen 2027 nu?", await TextAsync(asked), StringComparison.Ordinal);
        Assert.Null(await host.Server.Get<CycleRepository>().GetAsync(2027));

        var response = await PostAsync(client, "/sekretariat/kommando/start", ("aar", "2027"), Confirmed);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/sekretariat?aar=2027&besked=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(now, (await host.CycleAsync(2027)).OpensAt);
        Assert.Equal([new CycleAction.OpenCycle(2027)], CycleDecider.Decide(await host.Server.Get<CycleStateLoader>().LoadAsync(2027), now).Actions);
        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Startede opfølgningen nu" && a.Actor == Actor);
    }

    [Fact]
    public async Task Start_refuses_a_year_whose_deadline_has_passed_and_never_starts_another_year_instead()
    {
        // 27 February 2027: the 2027 deadline has passed; the timer would plan 2028.
        var now = Plan2027.Deadline.AddHours(8);
        await using var host = await CycleTestHost.StartAsync(now, loop: false);
        using var client = Client(host.Server);

        var asked = await PostAsync(client, "/sekretariat/kommando/start", ("aar", "2027"));
        var confirmed = await PostAsync(client, "/sekretariat/kommando/start", ("aar", "2027"), Confirmed);
        var tooFar = await PostAsync(client, "/sekretariat/kommando/start", ("aar", "2030"), Confirmed);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (asked.StatusCode, confirmed.StatusCode, tooFar.StatusCode));
        Assert.Contains("svarfristen (fredag den 26. februar 2027 kl. 23.59) er overskredet", await TextAsync(confirmed), StringComparison.Ordinal);
        Assert.Contains("start højst næste års (2029)", await TextAsync(tooFar), StringComparison.Ordinal);
        var cycles = host.Server.Get<CycleRepository>();
        Assert.Empty(await cycles.ListAsync());
    }

    [Fact]
    public async Task Moving_the_deadline_accepts_danish_input_and_refuses_bad_or_stale_input()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        using var client = Client(host.Server);
        var version = (await host.CycleAsync(2027)).Version;

        var moved = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("version", version), ("svarfrist", "05-03-2027 23:59"));
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.Equal(new DateTimeOffset(2027, 3, 5, 22, 59, 0, TimeSpan.Zero), (await host.CycleAsync(2027)).Deadline);

        var stale = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("version", version), ("svarfrist", "2027-03-10T12:00"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ændret, siden du åbnede siden", await TextAsync(stale), StringComparison.Ordinal);

        var garbage = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("svarfrist", "næste fredag"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("kunne ikke læses", await TextAsync(garbage), StringComparison.Ordinal);

        var past = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("svarfrist", "2027-01-02T12:00"));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("overskredet", await TextAsync(past), StringComparison.Ordinal);

        var repeated = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("svarfrist", "2027-03-10T12:00"), ("svarfrist", "2027-03-11T12:00"));
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);

        Assert.Equal(new DateTimeOffset(2027, 3, 5, 22, 59, 0, TimeSpan.Zero), (await host.CycleAsync(2027)).Deadline);
        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Flyttede svarfristen" && a.Actor == Actor);
    }

    [Fact]
    public async Task New_link_and_close_now_work_and_each_command_writes_one_audit_row()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        using var client = Client(host.Server);

        var auditBefore = (await host.Server.Get<AuditLogRepository>().ListAsync(2027)).Count;
        var link = await PostAsync(client, "/sekretariat/kommando/nyt-link", ("aar", "2027"), ("kommune", "147"), Confirmed);
        Assert.Equal(HttpStatusCode.SeeOther, link.StatusCode);
        Assert.Equal(auditBefore + 1, (await host.Server.Get<AuditLogRepository>().ListAsync(2027)).Count);
        Assert.Contains(await host.SendLogAsync(2027), e => e.MunicipalityCode == 147 && e.Step.StartsWith("link-", StringComparison.Ordinal) && e.Status == SendStatus.Sent);

        var unknown = await PostAsync(client, "/sekretariat/kommando/nyt-link", ("aar", "2027"), ("kommune", "4242"), Confirmed);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var close = await PostAsync(client, "/sekretariat/kommando/luk", ("aar", "2027"), Confirmed);
        Assert.Equal(HttpStatusCode.SeeOther, close.StatusCode);
        var cycle = await host.CycleAsync(2027);
        Assert.Equal(CycleState.Closed, cycle.State);
        Assert.Equal(CloseReason.Secretariat, cycle.CloseReason);
        var audit = await host.Server.Get<AuditLogRepository>().ListAsync(2027);
        Assert.Contains(audit, a => a.Action == "Udstedte nyt link" && a.Actor == Actor);
        Assert.Contains(audit, a => a.Action == "Lukkede opfølgningen" && a.Actor == Actor);
    }

    [Fact]
    public async Task Two_editors_of_a_contact_the_second_gets_a_conflict_and_keeps_what_they_typed()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        var directory = host.Server.Get<JobcentreRepository>();
        var stored = (await directory.GetAsync(101))!;
        await directory.UpdateAsync(stored.Jobcentre with { Bounce = new MailBounce(stored.Jobcentre.ChiefEmail, "bounce", "550", Plan2027.OpensAt) }, stored.Version);
        var version = (await directory.GetAsync(101))!.Version;
        using var client = Client(host.Server);
        Assert.Contains("value=\"" + version + "\"", await TextAsync(await client.GetAsync("/sekretariat/jobcenter/101")), StringComparison.Ordinal);

        var first = await PostAsync(client, "/sekretariat/jobcenter/101", ("version", version), ("chefnavn", "Anne Første"), ("chefmail", "anne@kk.example"), ("stedfortraeder", ""), ("stedfortraedermail", ""));
        var second = await PostAsync(client, "/sekretariat/jobcenter/101", ("version", version), ("chefnavn", "Bo Anden"), ("chefmail", "bo@kk.example"), ("stedfortraeder", ""), ("stedfortraedermail", ""));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = await TextAsync(second);
        Assert.Contains("ændret af en anden", page, StringComparison.Ordinal);
        Assert.Contains("value=\"bo@kk.example\"", page, StringComparison.Ordinal);
        Assert.Contains("anne@kk.example", page, StringComparison.Ordinal);
        var now = (await directory.GetAsync(101))!.Jobcentre;
        Assert.Equal("anne@kk.example", now.ChiefEmail);
        Assert.Null(now.Bounce);
        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Rettede kontakten" && a.Details.Contains("afvisning nulstillet", StringComparison.Ordinal));

        var bad = await PostAsync(client, "/sekretariat/jobcenter/101", ("version", version), ("chefnavn", "Bo"), ("chefmail", "ikke en adresse"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ikke en gyldig e-mailadresse", await TextAsync(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Irreversible_commands_first_show_a_confirmation_page_that_says_what_and_to_how_many_and_do_nothing()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        var runner = host.Server.Get<CycleActionRunner>();
        foreach (var code in new[] { 101, 147, 151 })
        {
            await runner.RunAsync(new CycleAction.SendInvitation(2027, code));
        }

        await host.SubmitAsync(2027, 151);
        using var client = Client(host.Server);
        var mailsBefore = host.Server.Get<OutboxStore>().List().Count;
        var linkBefore = (await host.Server.Get<ResponseRepository>().GetAsync(2027, 147))!.Link!.Generation;

        var remind = await PostAsync(client, "/sekretariat/kommando/paamind", ("aar", "2027"), ("runde", "1"));
        var close = await PostAsync(client, "/sekretariat/kommando/luk", ("aar", "2027"));
        var link = await PostAsync(client, "/sekretariat/kommando/nyt-link", ("aar", "2027"), ("kommune", "147"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (remind.StatusCode, close.StatusCode, link.StatusCode));
        var remindPage = await TextAsync(remind);
        Assert.Contains("Send påmindelse til 2 jobcentre?", remindPage, StringComparison.Ordinal);

        // Invited a moment ago: the minimum gap holds both back, the page names them and offers the explicit override.
        Assert.Contains("Jobcenter København (ikke åbnet) – venter til", remindPage, StringComparison.Ordinal);
        Assert.Contains("name=\"tilsidesaet\" value=\"ja\"", remindPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Ballerup", remindPage, StringComparison.Ordinal);
        Assert.Contains("name=\"bekraeft\" value=\"ja\"", remindPage, StringComparison.Ordinal);
        Assert.Contains("name=\"runde\" value=\"1\"", remindPage, StringComparison.Ordinal);
        Assert.Contains("class=\"danger\"", remindPage, StringComparison.Ordinal);
        Assert.Contains("Kan ikke fortrydes", remindPage, StringComparison.Ordinal);
        var closePage = await TextAsync(close);
        Assert.Contains("Luk opfølgningen 2027 nu?", closePage, StringComparison.Ordinal);
        Assert.Contains("1 af 29 har indsendt. 28 jobcentre har ikke", closePage, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat?aar=2027\">Annullér", closePage, StringComparison.Ordinal);
        var linkPage = await TextAsync(link);
        Assert.Contains("Nyt link til Jobcenter Frederiksberg?", linkPage, StringComparison.Ordinal);
        Assert.Contains("holder op med at virke med det samme", linkPage, StringComparison.Ordinal);

        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        Assert.Equal(mailsBefore, host.Server.Get<OutboxStore>().List().Count);
        Assert.Equal(linkBefore, (await host.Server.Get<ResponseRepository>().GetAsync(2027, 147))!.Link!.Generation);
        Assert.DoesNotContain(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Actor == Actor);

        // "ja" is the only answer that acts; anything else asks again.
        var sloppy = await PostAsync(client, "/sekretariat/kommando/luk", ("aar", "2027"), ("bekraeft", "JA"));
        Assert.Equal(HttpStatusCode.OK, sloppy.StatusCode);
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
    }

    [Fact]
    public async Task The_page_opens_on_the_open_cycle_else_the_newest_closed_and_offers_every_year()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        var cycles = host.Server.Get<CycleRepository>();
        var plan2028 = CycleSchedule.Plan(2028, new CycleOptions());
        await cycles.CreateAsync(plan2028);
        using var client = Client(host.Server);

        var withOpen = await TextAsync(await client.GetAsync("/sekretariat"));
        Assert.Contains("<h1>Opfølgningen 2027</h1>", withOpen, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat?aar=2028\">2028 <span class=\"small\">(planlagt)</span>", withOpen, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat?aar=2027\" aria-current=\"page\">2027 <span class=\"small\">(åben)</span>", withOpen, StringComparison.Ordinal);

        var cycle = await host.CycleAsync(2027);
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = Plan2027.Deadline, ClosedReason = nameof(Shared.Domain.CloseReason.Deadline) });
        var withClosed = await TextAsync(await client.GetAsync("/sekretariat"));
        Assert.Contains("<h1>Opfølgningen 2027</h1>", withClosed, StringComparison.Ordinal);
        Assert.Contains("(lukket)", withClosed, StringComparison.Ordinal);

        var later = await TextAsync(await client.GetAsync("/sekretariat?aar=2028"));
        Assert.Contains("<h1>Opfølgningen 2028</h1>", later, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat?aar=2027\">2027", later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_the_response_rate_the_timeline_and_a_matrix_of_submitted_answers_and_drafts()
    {
        await using var host = await OpenCycleAsync(Plan2027.OpensAt.AddDays(1));
        await host.SubmitAsync(2027, 151);
        var responses = host.Server.Get<ResponseRepository>();
        var first = (await host.Server.Get<CatalogueRepository>().GetAsync(2027))!.AllRecommendations.First().Id;
        var draft = (await responses.GetAsync(2027, 101)) ?? SurveyResponse.New(2027, 101);
        await responses.SaveAsync(draft.Version.Length == 0 ? null : draft, draft with { State = ResponseState.Draft, Draft = [new Answer(first, Rating.Roed, "Kladde")], DraftSavedAt = Plan2027.OpensAt.AddDays(1) });
        using var client = Client(host.Server);

        var html = await TextAsync(await client.GetAsync("/sekretariat"));

        Assert.Contains("<strong>1 af 29</strong> (3 %)", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Svarprocent: 1 indsendt, 1 kladde, 27 ikke åbnet af 29\"", html, StringComparison.Ordinal);
        Assert.Contains("Åbning og invitationer", html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"date\">I dag", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("I dag", StringComparison.Ordinal) < html.IndexOf("Påmindelse 1<", StringComparison.Ordinal), "today comes before the first reminder");
        Assert.Contains("<span>København · kladde</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"m-roed kladde\" title=\"Jobcenter København, " + first + ": Rød (kladde)\">Rø</td>", html, StringComparison.Ordinal);
        Assert.Matches("<td class=\"m-(groen|gul|roed|ikke-relevant)\" title=\"Jobcenter Ballerup, " + first + ": [^\"(]+\">(Gr|Gu|Rø|IR)</td>", html);
    }

    /// <summary>The page as a reader sees it (HtmlEncoder writes æøå as character references).</summary>
    internal static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
