using Fremdrift.DevServer.Cycle;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Cycle;

/// <summary>The app's orchestrator on the local host's Durable engine, with Azurite and the file outbox, driven by a fake clock.</summary>
public class CycleLoopTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private static readonly DateTimeOffset Round1 = new(2027, 2, 12, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Round2 = new(2027, 2, 19, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Round3 = new(2027, 2, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_loop_creates_the_cycle_then_waits_for_the_opening_and_invites_all_29_once()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddHours(-2));

        var planned = await host.CycleAsync(2027);
        Assert.Equal(CycleState.Planned, planned.State);
        Assert.Equal(Plan2027.OpensAt, await host.WakeAtAsync());
        Assert.Empty(await host.SendLogAsync(2027));

        await host.AdvanceToAsync(Plan2027.OpensAt.AddMinutes(30));

        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        var log = await host.SendLogAsync(2027);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        Assert.Equal(29, host.Server.Get<OutboxStore>().List().Count);
        Assert.Equal(Round1, await host.WakeAtAsync());
        Assert.Contains(host.Server.Get<CycleProgress>().Lines, l => l.EndsWith("Invitationer sendt: 29/29", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reminders_go_only_to_non_submitters_and_the_cycle_closes_at_the_deadline()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddHours(-1));
        await host.AdvanceToAsync(Plan2027.OpensAt.AddDays(3));
        int[] early = [101, 147, 151, 153, 155];
        foreach (var code in early)
        {
            await host.SubmitAsync(2027, code);
        }

        await host.AdvanceToAsync(Round1.AddHours(1));
        var afterRound1 = await host.SendLogAsync(2027);
        var reminded1 = afterRound1.Where(e => e.Step == MailSteps.Reminder(1) && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).ToList();
        Assert.Equal(24, reminded1.Count);
        Assert.Empty(reminded1.Intersect(early));

        // A submit between rounds cancels that jobcentre's later rounds.
        await host.SubmitAsync(2027, 157);
        await host.AdvanceToAsync(Round3.AddHours(1));
        var log = await host.SendLogAsync(2027);
        Assert.Equal(23, log.Count(e => e.Step == MailSteps.Reminder(2) && e.Status == SendStatus.Sent));
        Assert.Equal(23, log.Count(e => e.Step == MailSteps.Reminder(3) && e.Status == SendStatus.Sent));
        Assert.DoesNotContain(log, e => e.MunicipalityCode == 157 && e.Step is "reminder-2" or "reminder-3");
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);

        await host.AdvanceToAsync(Plan2027.Deadline.AddMinutes(1));
        var closed = await host.CycleAsync(2027);
        Assert.Equal(CycleState.Closed, closed.State);
        Assert.Equal(CloseReason.Deadline, closed.CloseReason);
        Assert.Equal(Plan2027.Deadline, closed.ClosedAt);
        // Every mail of the open cycle, and nothing else: invitations, three rounds of reminders and a receipt for each
        // of the 6 submits.
        Assert.Equal(29 + 24 + 23 + 23 + 6, host.Server.Get<OutboxStore>().List().Count(m => m.At < Plan2027.Deadline));

        // Many turns, yet the stored history is one turn long (ContinueAsNew): at most a turn of 29 mails' events.
        var store = host.Server.Get<Fremdrift.DevServer.Durable.DurableSidecar>().Orchestrations!;
        var state = await store.GetOrchestrationStateAsync(FollowUpCycle.InstanceIdFor(2027), allExecutions: false);
        var history = await store.GetOrchestrationHistoryAsync(FollowUpCycle.InstanceIdFor(2027), state[0].OrchestrationInstance.ExecutionId);
        Assert.True((await host.StatusAsync()).Turn > 10);
        Assert.InRange(System.Text.Json.JsonDocument.Parse(history).RootElement.GetArrayLength(), 1, 80);
    }

    [Fact]
    public async Task The_cycle_closes_early_once_every_active_jobcentre_has_submitted()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddMinutes(-5));
        await host.AdvanceToAsync(Plan2027.OpensAt.AddHours(1));

        var codes = (await host.SendLogAsync(2027)).Select(e => e.MunicipalityCode).Distinct().ToList();
        foreach (var code in codes)
        {
            Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
            await host.SubmitAsync(2027, code);
        }

        var closed = await host.CycleAsync(2027);
        Assert.Equal(CycleState.Closed, closed.State);
        Assert.Equal(CloseReason.AllSubmitted, closed.CloseReason);
    }

    [Fact]
    public async Task A_restarted_host_sends_no_invitation_twice_and_sends_a_reminder_missed_while_down_once_late()
    {
        IDictionary<string, string?> storage;
        await using (var first = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddHours(-1)))
        {
            await first.AdvanceToAsync(Plan2027.OpensAt.AddDays(1));
            await first.SubmitAsync(2027, 101);
            Assert.Equal(29, (await first.SendLogAsync(2027)).Count(e => e.Step == MailSteps.Invitation));
            storage = first.SameStorage();
        }

        // Down from 7 January until after rounds 1 and 2 fell due.
        var backAt = Round2.AddHours(26);
        await using var second = await CycleTestHost.StartAsync(backAt, settings: storage);

        var log = await second.SendLogAsync(2027);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation));
        Assert.All(log.Where(e => e.Step == MailSteps.Invitation), e => Assert.Equal(1, e.Attempts));
        Assert.DoesNotContain(log, e => e.Step == MailSteps.Reminder(1));
        var late = log.Where(e => e.Step == MailSteps.Reminder(2)).ToList();
        Assert.Equal(28, late.Count);
        Assert.All(late, e => Assert.Equal(backAt, e.At));
        Assert.DoesNotContain(late, e => e.MunicipalityCode == 101);
        // The new host's outbox holds only the late reminders: nothing was sent again.
        Assert.Equal(28, second.Server.Get<OutboxStore>().List().Count);
        Assert.Equal(Round3, await second.WakeAtAsync());
    }

    [Fact]
    public async Task A_jobcentre_added_mid_cycle_is_invited_on_the_next_turn()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddMinutes(-5));
        await host.AdvanceToAsync(Plan2027.OpensAt.AddDays(10));
        var directory = host.Server.Get<Fremdrift.Shared.Storage.JobcentreRepository>();

        await directory.AddAsync(new Jobcentre(999, "Nyby", "Jobcenter Nyby", "Chef i Nyby", "chef@nyby.example"));
        await host.SignalAndWaitAsync(new CycleSignal(2027, CycleSignalKind.SecretariatCommand, 999, "ny"));

        var invitation = (await host.SendLogAsync(2027)).Single(e => e.MunicipalityCode == 999);
        Assert.Equal(MailSteps.Invitation, invitation.Step);
        Assert.Equal(SendStatus.Sent, invitation.Status);
        Assert.Equal("chef@nyby.example", invitation.To);
    }
}
