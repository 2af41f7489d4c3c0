using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// Storage goes away in the middle of a cycle while the host keeps running (Azurite unreachable through a
/// cut TCP proxy, the same failure the SDK sees when Azurite stops): the loop reports it, retries, and when
/// storage is back sends the reminder that fell due meanwhile, late and once, without sending anything again.
/// The Durable engine keeps its task hub on the real Azurite, so only the app's storage goes away.
/// </summary>
public class CycleOutageTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private static readonly IReadOnlyList<ReminderRound> Rounds = CycleSchedule.Reminders(Plan2027);

    [Fact]
    public async Task Storage_down_when_a_reminder_falls_due_the_loop_retries_and_sends_it_late_once_and_nothing_twice()
    {
        await using var proxy = await StorageOutageProxy.StartAsync();
        await using var host = await CycleTestHost.StartAsync(
            Plan2027.OpensAt.AddHours(-1),
            settings: new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = proxy.ConnectionString,
                ["DevServer:DurableConnectionString"] = (await TestAzurite.GetAsync()).ConnectionString,
            });
        var outbox = host.Server.Get<OutboxStore>();
        await host.AdvanceToAsync(Plan2027.OpensAt.AddDays(1));
        await host.SubmitAsync(2027, 101);
        // The 29 invitations and 101's receipt.
        Assert.Equal(29 + 1, outbox.List().Count);
        Assert.Equal(Rounds[0].DueAt, await host.WakeAtAsync());

        // Storage goes down; round 1 falls due (and two more hours pass) while it is down.
        proxy.Cut();
        var late = Rounds[0].DueAt.AddHours(2);
        host.Clock.SetUtcNow(late);
        await host.Server.Get<ICycleSignals>().RaiseAsync(new CycleSignal(2027, CycleSignalKind.ClockMoved, null, null), default);
        var failed = await WaitForAsync(host, s => s.Text.Contains("Kunne ikke læse lageret", StringComparison.Ordinal));
        await WaitForAsync(host, s => s.Turn > failed.Turn && s.Text.Contains("Kunne ikke læse lageret", StringComparison.Ordinal)); // it keeps retrying, and fails again
        Assert.Equal(29 + 1, outbox.List().Count);

        // Storage is back: the next retry sends round 1, late, once each, to the 28 who have not submitted.
        proxy.Restore();
        await WaitForAsync(host, s => s.Waiting);

        var log = await host.SendLogAsync(2027);
        var invitations = log.Where(e => e.Step == MailSteps.Invitation).ToList();
        Assert.Equal(29, invitations.Count);
        Assert.All(invitations, e => Assert.Equal((SendStatus.Sent, 1), (e.Status, e.Attempts)));
        var round1 = log.Where(e => e.Step == MailSteps.Reminder(1)).ToList();
        Assert.Equal(28, round1.Count);
        Assert.DoesNotContain(round1, e => e.MunicipalityCode == 101);
        Assert.All(round1, e => Assert.Equal((SendStatus.Sent, 1, late), (e.Status, e.Attempts, e.At)));
        var mails = outbox.List();
        Assert.Equal(29 + 1 + 28, mails.Count);
        Assert.All(mails.GroupBy(m => (m.Tags["jobcentre"], m.Tags["step"])), g => Assert.Single(g));
        Assert.Equal(Rounds[1].DueAt, await host.WakeAtAsync());

        // And the cycle carries on as normal: round 2 on time, to the same 28.
        await host.AdvanceToAsync(Rounds[1].DueAt.AddMinutes(5));
        var round2 = (await host.SendLogAsync(2027)).Where(e => e.Step == MailSteps.Reminder(2)).ToList();
        Assert.Equal(28, round2.Count);
        Assert.All(round2, e => Assert.Equal(Rounds[1].DueAt, e.At));
        Assert.Equal(29 + 1 + 28 + 28, outbox.List().Count);
    }

    private static async Task<CycleLoopStatus> WaitForAsync(CycleTestHost host, Func<CycleLoopStatus, bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (await host.Monitor.StatusAsync(2027) is { } status && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < until, "timed out waiting for the cycle loop");
            await Task.Delay(50);
        }
    }
}
