using System.Net;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Fremdrift.Tests.Cycle;

namespace Fremdrift.Tests.Secretariat;

/// <summary>The local host's own secretariat pages and mails: the address they link to, the loop's instance page, the outbox view.</summary>
public class LocalHostPagesTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());

    [Fact]
    public async Task The_bilag_ready_mail_links_to_the_port_the_host_listens_on_and_the_outbox_shows_it_with_a_viewport()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1), loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        var cycles = host.Server.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(2027))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = Plan2027.OpensAt.AddDays(1), ClosedReason = nameof(Shared.Domain.CloseReason.Secretariat) });

        var entry = await host.Server.Get<IDocumentMailer>().NotifySecretariatAsync(2027, default);

        Assert.Equal(SendStatus.Sent, entry.Status);
        var mail = host.Server.Get<OutboxStore>().List().Single(m => m.Tags.GetValueOrDefault("step") == "bilag-ready");
        Assert.DoesNotContain(":5080", host.Server.BaseUrl, StringComparison.Ordinal);
        Assert.Contains(host.Server.BaseUrl + "/sekretariat/dokumenter?aar=2027", mail.Text, StringComparison.Ordinal);
        using var client = SecretariatEndpointTests.Client(host.Server);
        var view = await (await client.GetAsync("/sekretariat/udbakke/" + mail.Id)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"viewport\"", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cycle_loop_page_shows_the_years_orchestration_on_the_local_engine_and_restarts_it_behind_the_sign_in()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddHours(-1));
        using var anonymous = SecretariatEndpointTests.Client(host.Server, signedIn: false);
        using var client = SecretariatEndpointTests.Client(host.Server);

        var refused = await anonymous.GetAsync("/sekretariat/aarshjul");
        var page = await client.GetAsync("/sekretariat/aarshjul?aar=2027");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = await SecretariatEndpointTests.TextAsync(page);
        Assert.Contains("followup-2027", text, StringComparison.Ordinal);
        Assert.Contains("Kører", text, StringComparison.Ordinal);
        Assert.Contains("Venter til", text, StringComparison.Ordinal);

        var turn = (await host.StatusAsync()).Turn;
        var restart = await client.PostAsync("/sekretariat/aarshjul/genstart", new FormUrlEncodedContent([new("aar", "2027")]));
        Assert.Equal(HttpStatusCode.SeeOther, restart.StatusCode);
        Assert.Contains("genstartet", Uri.UnescapeDataString(restart.Headers.Location!.ToString()), StringComparison.Ordinal);
        // A new instance from turn 0, waiting for the same opening; the restart is in the audit log.
        var fresh = await host.Monitor.WaitUntilIdleAsync(2027, -1).WaitAsync(CycleTestHost.Patience);
        Assert.True(fresh.Turn <= turn);
        Assert.Equal(Plan2027.OpensAt, fresh.WakeAt);
        Assert.Contains(await host.Server.Get<AuditLogRepository>().ListAsync(2027), e => e.Action == "Genstartede årshjulet");
    }

    [Fact]
    public void Every_mails_html_part_is_a_danish_document_with_a_viewport_and_its_subject_as_title()
    {
        // The outbox shows a stored mail as a page as is, and a phone's mail app lays out a mail without a
        // viewport 980 px wide: each kind of mail must carry its own.
        string[] mails =
        [
            MailTextMails.Html(MailTemplate.Render(MailTextKinds.OwnForm, MailTextKinds.OwnForm.Default, new MailTextValues(
                MailTextMails.ChiefValues(new Jobcentre(999, "Ærø & <Co>", "Jobcenter Ærø", "Chef <b>", "chef@aeroe.example"), 2027, "sekretariat@kkr.example"), null, []))),
            MailTextMails.Html(MailTemplate.Render(MailTextKinds.BilagReady, MailTextKinds.BilagReady.Default, new MailTextValues(
                new Dictionary<string, string> { ["år"] = "2027", ["dannet"] = "1. marts 2027", ["svarprocent"] = "20 af 29 har svaret", ["filnavn"] = "Bilag 2027 v1.docx" }, "http://127.0.0.1:5080/sekretariat/dokumenter", []))),
        ];

        foreach (var html in mails)
        {
            Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
            Assert.Contains("<html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
            Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
        }

        Assert.Contains("<title>Jeres fremdriftsskema for 2027 – Ærø &amp; &lt;Co&gt; Kommune</title>", mails[0], StringComparison.Ordinal);
        Assert.Contains("Kære Chef &lt;b&gt;", mails[0], StringComparison.Ordinal);
        Assert.Contains("<title>Bilaget for 2027 er klar</title>", mails[1], StringComparison.Ordinal);
    }
}
