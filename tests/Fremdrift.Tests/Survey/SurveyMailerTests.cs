using System.Net;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Survey;

/// <summary>Invitation, reminder and new-link mails through the real local host (file outbox) on Azurite.</summary>
public class SurveyMailerTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    private ISurveyMailer Mailer => f.Get<ISurveyMailer>();

    [Fact]
    public async Task Invitation_is_Danish_with_recipient_deadline_link_and_contact_and_the_link_opens_the_form()
    {
        var link = await f.InviteAsync(101);
        var mail = f.LatestMail(101);

        foreach (var body in new[] { mail.Text, WebUtility.HtmlDecode(mail.Html) })
        {
            Assert.Contains("Jobcenter København", body, StringComparison.Ordinal);
            Assert.Contains("fredag den 26. februar 2027 kl. 23.59", body, StringComparison.Ordinal);
            Assert.Contains(link, body, StringComparison.Ordinal);
            Assert.Contains("sekretariat@kkr-test.example", body, StringComparison.Ordinal);
        }

        Assert.StartsWith(f.Server.BaseUrl + "/skema/", link, StringComparison.Ordinal);
        using var client = f.Client();
        var page = await client.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Fremdriftsskema 2027", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_hash_of_the_token_is_stored_and_the_send_log_records_the_outbox_id()
    {
        var link = await f.InviteAsync(147);
        var token = link[(link.LastIndexOf('/') + 1)..];
        var response = await f.Get<ResponseRepository>().GetAsync(SurveyFixture.Year, 147);
        var entry = await f.Get<SendLogRepository>().GetAsync(SurveyFixture.Year, 147, "invitation");

        Assert.Equal(SurveyLinks.Hash(token), response!.Link!.TokenHash);
        Assert.NotEqual(token, response.Link.Nonce);
        Assert.True(token.Length >= 22, "at least 128 bits");
        Assert.Equal(SendStatus.Sent, entry!.Status);
        Assert.StartsWith("outbox-", entry.MessageId, StringComparison.Ordinal);
        Assert.Equal(new Shared.Storage.LinkTarget(SurveyFixture.Year, 147, "Jobcenter Frederiksberg"), await f.Get<LinkIndexRepository>().FindAsync(response.Link.TokenHash));
    }

    [Fact]
    public async Task Sending_the_invitation_twice_sends_one_mail()
    {
        await f.InviteAsync(151);
        var again = await Mailer.SendInvitationAsync(SurveyFixture.Year, 151, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, again.Status);
        Assert.Single(f.Get<DevServer.Mail.OutboxStore>().List(), m => m.Tags["jobcentre"] == "151");
    }

    [Fact]
    public async Task Reminder_carries_the_same_link_and_lists_what_is_still_unanswered()
    {
        var link = await f.InviteAsync(153);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var first = f.Catalogue.AllRecommendations.First();
        var draft = SurveyFixture.With(SurveyFixture.With(f.BlankPost(html, "gem"), "farve-" + first.Id, "groen"), "bem-" + first.Id, "Klaret");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(draft))).StatusCode);

        var entry = await Mailer.SendReminderAsync(SurveyFixture.Year, 153, 1, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, entry.Status);
        var mail = f.LatestMail(153);
        Assert.StartsWith("Påmindelse", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(link, f.LinkInLatestMail(153));
        Assert.Contains("I gemte en kladde", mail.Text, StringComparison.Ordinal);
        Assert.Contains("mangler 15 anbefalinger", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ikke åbnet", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("- " + first.Id + ":", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- " + f.Catalogue.AllRecommendations.Last().Id + ": Mangler status", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_to_a_jobcentre_that_never_opened_the_form_says_so_and_mentions_no_kept_draft()
    {
        await f.InviteAsync(165);

        await Mailer.SendReminderAsync(SurveyFixture.Year, 165, 1, CancellationToken.None);

        var text = f.LatestMail(165).Text;
        Assert.Contains("Der er ikke gemt noget i skemaet endnu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bevaret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n- ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_with_a_complete_draft_lists_nothing_and_asks_only_for_Indsend()
    {
        var link = await f.InviteAsync(167);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var draft = f.CompletePost(html).Select(p => p.Key == "handling" ? new KeyValuePair<string, string>("handling", "gem") : p).ToList();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(draft))).StatusCode);

        await Mailer.SendReminderAsync(SurveyFixture.Year, 167, 1, CancellationToken.None);

        var text = f.LatestMail(167).Text;
        Assert.Contains("Der mangler kun, at I åbner skemaet og trykker \"Indsend\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n- ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_is_skipped_once_the_jobcentre_has_submitted()
    {
        var link = await f.InviteAsync(155);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(f.CompletePost(html)))).StatusCode);

        var entry = await Mailer.SendReminderAsync(SurveyFixture.Year, 155, 1, CancellationToken.None);

        Assert.Equal(SendStatus.Skipped, entry.Status);
        Assert.StartsWith("Allerede indsendt", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_address_and_a_bounced_address_are_skipped_with_a_Danish_reason()
    {
        var directory = f.Get<JobcentreRepository>();
        var noAddress = (await directory.GetAsync(157))!;
        await directory.UpdateAsync(noAddress.Jobcentre with { ChiefEmail = "" }, noAddress.Version);
        var bounced = (await directory.GetAsync(159))!;
        await directory.UpdateAsync(bounced.Jobcentre with { Bounce = new MailBounce(bounced.Jobcentre.ChiefEmail, "bounce", "550 ukendt modtager", f.Clock.GetUtcNow()) }, bounced.Version);

        var a = await Mailer.SendInvitationAsync(SurveyFixture.Year, 157, CancellationToken.None);
        var b = await Mailer.SendInvitationAsync(SurveyFixture.Year, 159, CancellationToken.None);

        Assert.Equal((SendStatus.Skipped, SendStatus.Skipped), (a.Status, b.Status));
        Assert.Contains("Ingen mailadresse", a.Reason, StringComparison.Ordinal);
        Assert.Contains("afvist af modtageren", b.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Get<DevServer.Mail.OutboxStore>().List(), m => m.Tags["jobcentre"] is "157" or "159");
    }

    [Fact]
    public async Task A_closed_cycle_sends_nothing()
    {
        await SurveyFixture.CreateCycleAsync(f.Server.Services, 2024, CycleState.Closed);

        var entry = await Mailer.SendInvitationAsync(2024, 161, CancellationToken.None);

        Assert.Equal(SendStatus.Skipped, entry.Status);
        Assert.Contains("lukket", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_link_kills_the_old_one_and_is_mailed_as_link_2_leaving_the_audit_row_to_the_command()
    {
        var oldLink = await f.InviteAsync(163);

        var entry = await Mailer.IssueAndSendNewLinkAsync(SurveyFixture.Year, 163, "sekretariat (test)", CancellationToken.None);

        Assert.Equal(("link-2", SendStatus.Sent), (entry.Step, entry.Status));
        var newLink = f.LinkInLatestMail(163);
        Assert.NotEqual(oldLink, newLink);
        Assert.StartsWith("Nyt link", f.LatestMail(163).Subject, StringComparison.Ordinal);
        using var client = f.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(oldLink))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(newLink))).StatusCode);
        // The secretariat's command ("nyt-link") writes the one audit row, with the mail's outcome.
        Assert.DoesNotContain(await f.Get<AuditLogRepository>().ListAsync(SurveyFixture.Year), e => e.Actor == "sekretariat (test)");

        // A reminder after the new link carries the new link, not the dead one.
        await Mailer.SendReminderAsync(SurveyFixture.Year, 163, 1, CancellationToken.None);
        Assert.Equal(newLink, f.LinkInLatestMail(163));
    }
}
