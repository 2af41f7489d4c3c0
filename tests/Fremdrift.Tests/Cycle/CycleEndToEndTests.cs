using System.Globalization;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Bilag;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// A whole cycle on the real local host: real Azurite, the cycle loop on a fake clock, the file outbox, and one
/// jobcentre chief in real Chromium who opens the invitation from the outbox and submits; other jobcentres answer
/// through the same repository write + signal as a submit. The clock is stepped through the three reminder
/// rounds to the deadline; then the bilag, the send log and the secretariat's page are checked.
/// </summary>
public class CycleEndToEndTests
{
    private const int Year = 2027;
    private const int BrowserChief = 159; // Gladsaxe
    private const int OnlyOpens = 161; // Glostrup: views the form, never saves or submits
    private const string GulRemark = "Afventer ny aftale med Herlev om fælles virksomhedsservice – forventes på plads i foråret (Æ Ø Å).";

    private static readonly FollowUpCycle Plan = CycleSchedule.Plan(Year, new CycleOptions());
    private static readonly IReadOnlyList<ReminderRound> Rounds = CycleSchedule.Reminders(Plan);

    [Fact]
    public async Task A_whole_cycle_invites_all_reminds_only_non_submitters_closes_at_the_deadline_and_ends_with_a_bilag()
    {
        Assert.Equal(3, Rounds.Count);
        await using var host = await CycleTestHost.StartAsync(Plan.OpensAt.AddHours(-1));
        var outbox = host.Server.Get<OutboxStore>();
        var directory = (await host.Server.Get<JobcentreRepository>().ListAsync()).Where(j => j.Active).ToList();
        Assert.Equal(29, directory.Count);

        // Opening: one invitation to each of the 29 chiefs, in the send log and in the outbox.
        await host.AdvanceToAsync(Plan.OpensAt.AddHours(1));
        Assert.Equal(CycleState.Open, (await host.CycleAsync(Year)).State);
        var invitations = (await host.SendLogAsync(Year)).Where(e => e.Step == MailSteps.Invitation).ToList();
        Assert.Equal(directory.Select(j => j.MunicipalityCode).Order(), invitations.Where(e => e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).Order());
        var invitationMails = outbox.List().Where(m => m.Tags["step"] == MailSteps.Invitation).ToList();
        Assert.Equal(directory.Select(j => j.ChiefEmail).Order(StringComparer.Ordinal), invitationMails.Select(m => m.To).Order(StringComparer.Ordinal));

        // Three chiefs answer in the first days.
        await host.AdvanceToAsync(Plan.OpensAt.AddDays(2));
        foreach (var code in new[] { 101, 147, 151 })
        {
            await host.SubmitAsync(Year, code);
        }

        // Round 1 reaches the 26 others, the browser chief among them.
        await host.AdvanceToAsync(Rounds[0].DueAt.AddHours(1));

        // The browser chief opens the invitation's link and submits: SKAL all coloured, one Gul with a remark.
        var catalogue = (await host.Server.Get<CatalogueRepository>().GetAsync(Year))!;
        var link = LinkIn(invitationMails, BrowserChief);
        var skal = catalogue.AllRecommendations.Where(r => r.Obligation == Obligation.Skal).ToList();
        var kan = catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Kan);
        var gul = skal[1].Id;
        await using (var context = await TestBrowser.NewContextAsync(phone: true))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(link);
            Assert.Equal($"Fremdriftsskema {Year}", await page.InnerTextAsync("h1"));
            foreach (var r in skal)
            {
                await page.CheckAsync($"#f-{r.Id}-{(r.Id == gul ? "gul" : "groen")}");
            }

            await page.FillAsync($"#b-{gul}", GulRemark);
            await page.CheckAsync($"#f-{kan.Id}-ikke-relevant");
            foreach (var other in catalogue.AllRecommendations.Where(r => r.Obligation == Obligation.Kan && r.Id != kan.Id))
            {
                await page.CheckAsync($"#f-{other.Id}-groen");
            }

            var turns = (await host.StatusAsync()).Turn;
            await page.ClickAsync("button[value=indsend]");
            Assert.Contains("Tak – jeres svar er indsendt", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await host.Monitor.WaitUntilIdleAsync(Year, turns).WaitAsync(CycleTestHost.Patience);

            // Another chief only looks at the form (as a mail scanner fetching the link would): nothing is recorded.
            await page.GotoAsync(LinkIn(invitationMails, OnlyOpens));
            Assert.Equal($"Fremdriftsskema {Year}", await page.InnerTextAsync("h1"));
        }

        Assert.Equal(ResponseState.NotOpened, (await host.Server.Get<ResponseRepository>().GetAsync(Year, OnlyOpens))!.State);

        var stored = (await host.Server.Get<ResponseRepository>().GetAsync(Year, BrowserChief))!;
        Assert.Equal(ResponseState.Submitted, stored.State);
        Assert.Equal(new Answer(gul, Rating.Gul, GulRemark), stored.Submitted.Single(a => a.RecommendationId == gul));

        await host.SubmitAsync(Year, 153);
        await host.AdvanceToAsync(Rounds[1].DueAt.AddHours(1));
        await host.SubmitAsync(Year, 155);
        await host.AdvanceToAsync(Rounds[2].DueAt.AddHours(1));
        Assert.Equal(CycleState.Open, (await host.CycleAsync(Year)).State);

        // The deadline closes the cycle; the close builds the bilag and mails the secretariat.
        await host.AdvanceToAsync(Plan.Deadline.AddMinutes(1));
        var closed = await host.CycleAsync(Year);
        Assert.Equal(CycleState.Closed, closed.State);
        Assert.Equal(CloseReason.Deadline, closed.CloseReason);
        Assert.Equal(Plan.Deadline, closed.ClosedAt);

        // Reminders: each round exactly to those that had not submitted when it was due, once each.
        var log = await host.SendLogAsync(Year);
        var submittedAt = new Dictionary<int, DateTimeOffset>();
        foreach (var j in directory)
        {
            if ((await host.Server.Get<ResponseRepository>().GetAsync(Year, j.MunicipalityCode))?.SubmittedAt is { } at)
            {
                submittedAt[j.MunicipalityCode] = at;
            }
        }

        Assert.Equal([101, 147, 151, 153, 155, BrowserChief], submittedAt.Keys.Order());
        foreach (var round in Rounds)
        {
            var expected = directory.Select(j => j.MunicipalityCode).Where(c => !submittedAt.TryGetValue(c, out var at) || at > round.DueAt).Order().ToList();
            var reminded = log.Where(e => e.Step == MailSteps.Reminder(round.Round) && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).Order().ToList();
            Assert.Equal(expected, reminded);
        }

        Assert.Equal(26, log.Count(e => e.Step == MailSteps.Reminder(1)));
        Assert.Contains(log, e => e.Step == MailSteps.Reminder(1) && e.MunicipalityCode == BrowserChief);
        Assert.DoesNotContain(log, e => e.MunicipalityCode == BrowserChief && e.Step is "reminder-2" or "reminder-3");
        Assert.Equal(3, log.Count(e => e.MunicipalityCode == OnlyOpens && MailSteps.IsReminder(e.Step)));
        Assert.All(log.Where(e => MailSteps.IsReminder(e.Step)), e => Assert.True(!submittedAt.TryGetValue(e.MunicipalityCode, out var at) || at > e.At, $"{e.MunicipalityCode} reminded after submitting"));

        // The outbox (what actually left) agrees: one mail per jobcentre and step, no reminder to a submitter afterwards.
        var mails = outbox.List();
        var openCycleMails = mails.Where(m => m.At < Plan.Deadline).ToList();
        Assert.All(openCycleMails.GroupBy(m => (m.Tags["jobcentre"], m.Tags["step"])), g => Assert.Single(g));
        // Invitations, three rounds of reminders, and a receipt for each of the 6 submits.
        Assert.Equal(29 + 26 + 24 + 23 + 6, openCycleMails.Count);
        var chiefMail = directory.Single(j => j.MunicipalityCode == BrowserChief).ChiefEmail;
        Assert.DoesNotContain(mails, m => m.To == chiefMail && m.At > submittedAt[BrowserChief] && m.Tags.GetValueOrDefault("step", "").StartsWith("reminder-", StringComparison.Ordinal));

        // The final bilag is in Blob Storage and carries the browser chief's remark word for word.
        var documents = host.Server.Get<ICycleDocuments>();
        var bilag = (await documents.ListAsync(Year, default)).Single(d => d.Kind == DocumentKind.Bilag);
        using (var docx = new DocxReader((await documents.ReadAsync(bilag.BlobName, default))!))
        {
            var text = DocxReader.Text(docx.Body);
            Assert.Contains(GulRemark, text, StringComparison.Ordinal);
            Assert.Contains("6 af 29 jobcentre har svaret", text, StringComparison.Ordinal);
        }

        Assert.Contains(log, e => e.Step == MailSteps.BilagReady && e.MunicipalityCode == 0 && e.Status == SendStatus.Sent);

        // The secretariat, signed in, sees the closed cycle and its counts; the page passes axe. The chief's link is closed.
        await using (var context = await TestBrowser.NewContextAsync(credentials: new HttpCredentials { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword }))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(host.Server.BaseUrl + "/sekretariat?aar=" + Year.ToString(CultureInfo.InvariantCulture));
            Assert.Equal($"Opfølgningen {Year}", await page.InnerTextAsync("h1"));
            Assert.Contains("Lukket", await page.InnerTextAsync("dl"), StringComparison.Ordinal);
            Assert.Equal("Svarprocent: 6 indsendt, 0 kladde, 23 ikke åbnet af 29", await page.Locator(".bar").GetAttributeAsync("aria-label"));
            Assert.Contains("Indsendt", await page.InnerTextAsync($"#jc-{BrowserChief}"), StringComparison.Ordinal);
            Assert.Empty(await TestBrowser.AxeViolationsAsync(page));

            await page.GotoAsync(link);
            Assert.Contains("er lukket", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        }
    }

    private static string LinkIn(IEnumerable<OutboxMail> invitations, int code) =>
        OutboxEndpoints.Links(invitations.Single(m => m.Tags["jobcentre"] == code.ToString(CultureInfo.InvariantCulture)).Text)
            .Single(l => l.Contains("/skema/", StringComparison.Ordinal));
}
