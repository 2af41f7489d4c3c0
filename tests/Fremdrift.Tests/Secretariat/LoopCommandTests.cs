using System.Net;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;
using static Fremdrift.Tests.Secretariat.SecretariatEndpointTests;

namespace Fremdrift.Tests.Secretariat;

/// <summary>
/// The secretariat's commands that mail, on the real local host with the loop running (fake clock): the POST only
/// records the request and the loop sends through the send-once path.
/// </summary>
public class LoopCommandTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private static readonly (string, string) Confirmed = ("bekraeft", "ja");

    private static async Task<CycleTestHost> InvitedAsync()
    {
        var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1));
        Assert.Equal(29, (await host.SendLogAsync(2027)).Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        await host.SubmitAsync(2027, 151);
        return host;
    }

    private static async Task<List<int>> SentAsync(CycleTestHost host, string step) =>
        (await host.SendLogAsync(2027)).Where(e => e.Step == step && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).Order().ToList();

    /// <summary>
    /// Waits for the loop's turn on a command's signal (the POST raised it already). A loop that had finished (a
    /// closed cycle) was started again by that signal: then its first idle status counts.
    /// </summary>
    private static async Task WakeAsync(CycleTestHost host, string command)
    {
        var old = await host.Monitor.StatusAsync(2027);
        if (old is { Finished: false })
        {
            await host.SignalAndWaitAsync(new CycleSignal(2027, CycleSignalKind.SecretariatCommand, null, command), old.Turn);
            return;
        }

        var giveUp = DateTime.UtcNow + CycleTestHost.Patience;
        while (DateTime.UtcNow < giveUp)
        {
            if (await host.Monitor.StatusAsync(2027) is { } now && now != old && (now.Waiting || now.Finished))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The restarted loop did not become idle.");
    }

    [Fact]
    public async Task Send_reminders_now_is_a_request_the_loop_carries_out_after_the_minimum_gap_or_at_once_when_overridden()
    {
        await using var host = await InvitedAsync();
        using var client = Client(host.Server);
        var manual1 = MailSteps.Reminder(MailSteps.ManualRoundBase + 1);

        var first = await PostAsync(client, "/sekretariat/kommando/paamind", ("aar", "2027"), ("runde", "1"), Confirmed);
        var again = await PostAsync(client, "/sekretariat/kommando/paamind", ("aar", "2027"), ("runde", "1"), Confirmed);
        Assert.Equal((HttpStatusCode.SeeOther, HttpStatusCode.SeeOther), (first.StatusCode, again.StatusCode));
        Assert.Equal(new ManualReminderRequest(1, host.Clock.GetUtcNow(), IgnoreGap: false), (await host.CycleAsync(2027)).ManualReminder);
        await WakeAsync(host, "paamind");

        // Invited a day ago: the 48-hour gap holds every one back; then the loop sends by itself.
        Assert.Empty(await SentAsync(host, manual1));
        await host.AdvanceToAsync(Plan2027.OpensAt.AddDays(3).AddMinutes(1));
        var everyoneButTheSubmitter = (await host.SendLogAsync(2027)).Where(e => e.Step == MailSteps.Invitation && e.MunicipalityCode != 151).Select(e => e.MunicipalityCode).Order().ToList();
        Assert.Equal(everyoneButTheSubmitter, await SentAsync(host, manual1));

        // The explicit override sends at once, to everyone not submitted, once each, even with the gap.
        var overridden = await PostAsync(client, "/sekretariat/kommando/paamind", ("aar", "2027"), ("runde", "2"), Confirmed, ("tilsidesaet", "ja"));
        Assert.Equal(HttpStatusCode.SeeOther, overridden.StatusCode);
        await WakeAsync(host, "paamind");
        Assert.Equal(everyoneButTheSubmitter, await SentAsync(host, MailSteps.Reminder(MailSteps.ManualRoundBase + 2)));

        // Invitations, 151's receipt for its submit, and the two manual rounds.
        Assert.Equal(29 + 1 + 28 + 28, host.Server.Get<OutboxStore>().List().Count);
        Assert.Equal(2, (await host.Server.Get<AuditLogRepository>().ListAsync(2027)).Count(a => a.Action == "Bestilte påmindelse nu"));
    }

    [Fact]
    public async Task Moving_the_deadline_with_notice_mails_each_jobcentre_not_submitted_once_with_the_new_deadline()
    {
        await using var host = await InvitedAsync();
        using var client = Client(host.Server);

        var moved = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("version", (await host.CycleAsync(2027)).Version), ("svarfrist", "2027-03-05T23:59"), ("besked", "ja"));
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        await WakeAsync(host, "svarfrist");

        var told = await SentAsync(host, MailSteps.DeadlineMoved(1));
        Assert.Equal(28, told.Count);
        Assert.DoesNotContain(151, told);
        var notice = host.Server.Get<OutboxStore>().List().Where(m => m.Subject.StartsWith("Ny svarfrist", StringComparison.Ordinal)).ToList();
        Assert.Equal(28, notice.Count);
        Assert.All(notice, m => Assert.Contains("5. marts 2027", m.Subject, StringComparison.Ordinal));

        // Moved again without notice: nobody is mailed again.
        var quiet = await PostAsync(client, "/sekretariat/kommando/svarfrist", ("aar", "2027"), ("version", (await host.CycleAsync(2027)).Version), ("svarfrist", "2027-03-06T23:59"));
        Assert.Equal(HttpStatusCode.SeeOther, quiet.StatusCode);
        await WakeAsync(host, "svarfrist");
        // Invitations, 151's receipt for its submit, and one notice each to the 28 others.
        Assert.Equal(29 + 1 + 28, host.Server.Get<OutboxStore>().List().Count);
    }

    [Fact]
    public async Task A_closed_cycle_reopened_with_a_new_deadline_mails_those_not_submitted_and_its_next_close_makes_a_new_bilag()
    {
        await using var host = await InvitedAsync();
        using var client = Client(host.Server);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(client, "/sekretariat/kommando/luk", ("aar", "2027"), Confirmed)).StatusCode);
        await WakeAsync(host, "luk");
        var documents = host.Server.Get<ICycleDocuments>();
        Assert.Equal([1], (await documents.ListAsync(2027, default)).Where(d => d.Kind == DocumentKind.Bilag).Select(d => d.Version));

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var asked = await PostAsync(client, "/sekretariat/kommando/genaabn", ("aar", "2027"), ("svarfrist", "2027-02-20T23:59"));
        var page = await TextAsync(asked);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Åbn opfølgningen 2027 igen?", page, StringComparison.Ordinal);
        Assert.Contains("28 jobcentre, der ikke havde indsendt, får en mail", page, StringComparison.Ordinal);
        Assert.Equal(CycleState.Closed, (await host.CycleAsync(2027)).State);

        var past = await PostAsync(client, "/sekretariat/kommando/genaabn", ("aar", "2027"), ("svarfrist", "2027-01-02T12:00"), Confirmed);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);

        var reopened = await PostAsync(client, "/sekretariat/kommando/genaabn", ("aar", "2027"), ("svarfrist", "2027-02-20T23:59"), Confirmed);
        Assert.Equal(HttpStatusCode.SeeOther, reopened.StatusCode);
        await WakeAsync(host, "genaabn");
        var cycle = await host.CycleAsync(2027);
        Assert.Equal((CycleState.Open, 1), (cycle.State, cycle.Reopened));
        var told = await SentAsync(host, MailSteps.Reopened(1));
        Assert.Equal(28, told.Count);
        Assert.DoesNotContain(151, told);

        await host.SubmitAsync(2027, 147);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(client, "/sekretariat/kommando/luk", ("aar", "2027"), Confirmed)).StatusCode);
        await WakeAsync(host, "luk");
        Assert.Equal([1, 2], (await documents.ListAsync(2027, default)).Where(d => d.Kind == DocumentKind.Bilag).Select(d => d.Version).Order());
        Assert.Equal([147, 151], await SentAsync(host, MailSteps.OwnForm));
    }
}
