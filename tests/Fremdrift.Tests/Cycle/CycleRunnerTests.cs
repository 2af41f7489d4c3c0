using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Tests.Cycle;

/// <summary>Starter, loader and runner against Azurite, with the real survey mailer and the file outbox.</summary>
public class CycleRunnerTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private static readonly DateTimeOffset Round1 = new(2027, 2, 12, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EnsureCycle_twice_creates_one_cycle_and_one_audit_entry_and_the_catalogue_is_frozen_at_the_opening()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(-30), loop: false);
        var starter = host.Server.Get<CycleStarter>();

        var first = await starter.EnsureCycleAsync(2027, "test");
        var second = await starter.EnsureCycleAsync(2027, "test");

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Cycle.Version, second.Cycle.Version);
        Assert.Equal(Plan2027.OpensAt, second.Cycle.OpensAt);
        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Oprettede opfølgningen");
        Assert.Equal(2027, starter.YearToPlan());

        // The recommendations stay editable while the cycle is planned; opening freezes them into its snapshot.
        Assert.Null(await host.Server.Get<CatalogueRepository>().GetAsync(2027));
        host.Clock.SetUtcNow(Plan2027.OpensAt);
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        Assert.Equal(2027, (await host.Server.Get<CatalogueRepository>().GetAsync(2027))!.Year);
    }

    [Fact]
    public async Task Open_and_close_are_idempotent_and_audited()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        var runner = host.Server.Get<CycleActionRunner>();

        Assert.Equal("Åbnet.", await runner.OpenAsync(2027));
        Assert.Equal("Allerede åben.", await runner.OpenAsync(2027));
        Assert.Equal("Lukket.", await runner.CloseAsync(2027, CloseReason.Secretariat, "sekretariat"));
        Assert.Equal("Allerede lukket.", await runner.CloseAsync(2027, CloseReason.Deadline, "årshjulet"));

        var cycle = await host.CycleAsync(2027);
        Assert.Equal(CycleState.Closed, cycle.State);
        Assert.Equal(CloseReason.Secretariat, cycle.CloseReason);
        var audit = await host.Server.Get<AuditLogRepository>().ListAsync(2027);
        Assert.Single(audit, a => a.Action == "Åbnede opfølgningen");
        Assert.Single(audit, a => a.Action == "Lukkede opfølgningen" && a.Actor == "sekretariat");
    }

    [Fact]
    public async Task Running_the_same_invitation_twice_mails_once()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        var runner = host.Server.Get<CycleActionRunner>();
        await runner.OpenAsync(2027);

        var first = await runner.RunAsync(new CycleAction.SendInvitation(2027, 101));
        var second = await runner.RunAsync(new CycleAction.SendInvitation(2027, 101));

        Assert.Equal(SendStatus.Sent, first.MailStatus);
        Assert.Equal(SendStatus.Sent, second.MailStatus);
        Assert.Single(host.Server.Get<OutboxStore>().List());
    }

    [Fact]
    public async Task A_jobcentre_that_submits_between_the_decision_and_the_send_gets_no_reminder()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        var runner = host.Server.Get<CycleActionRunner>();
        await runner.OpenAsync(2027);
        await runner.RunAsync(new CycleAction.SendInvitation(2027, 101));
        await runner.RunAsync(new CycleAction.SendInvitation(2027, 147));
        host.Clock.SetUtcNow(Round1);

        var snapshot = await host.Server.Get<CycleStateLoader>().LoadAsync(2027);
        var decision = CycleDecider.Decide(snapshot, Round1);
        Assert.Contains(new CycleAction.SendReminder(2027, 101, 1), decision.Actions);

        // 101 submits after the decision was made, before the reminder is sent.
        await Fremdrift.DevServer.Cycle.SimulatedAnswers.SubmitAsync(
            host.Server.Get<CatalogueRepository>(), host.Server.Get<ResponseRepository>(), 2027,
            (await host.Server.Get<JobcentreRepository>().GetAsync(101))!.Jobcentre, Round1, new Random(1), default);
        var outcomes = new List<CycleActionOutcome>();
        foreach (var action in decision.Actions.OfType<CycleAction.SendReminder>().Where(a => a.MunicipalityCode is 101 or 147))
        {
            outcomes.Add(await runner.RunAsync(action));
        }

        Assert.Equal(SendStatus.Skipped, outcomes.Single(o => ((CycleAction.SendReminder)o.Action).MunicipalityCode == 101).MailStatus);
        Assert.Equal(SendStatus.Sent, outcomes.Single(o => ((CycleAction.SendReminder)o.Action).MunicipalityCode == 147).MailStatus);
        var chief101 = (await host.Server.Get<JobcentreRepository>().GetAsync(101))!.Jobcentre.ChiefEmail;
        Assert.Single(host.Server.Get<OutboxStore>().List(), m => m.To == chief101);
    }

    [Fact]
    public async Task The_loader_reads_submitted_bounced_and_mailed_state()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        var runner = host.Server.Get<CycleActionRunner>();
        await runner.OpenAsync(2027);
        await runner.RunAsync(new CycleAction.SendInvitation(2027, 101));
        var directory = host.Server.Get<JobcentreRepository>();
        var stored = (await directory.GetAsync(147))!;
        await directory.UpdateAsync(stored.Jobcentre with { Bounce = new MailBounce(stored.Jobcentre.ChiefEmail, "bounce", "550 unknown user", Plan2027.OpensAt) }, stored.Version);
        await Fremdrift.DevServer.Cycle.SimulatedAnswers.SubmitAsync(
            host.Server.Get<CatalogueRepository>(), host.Server.Get<ResponseRepository>(), 2027,
            (await directory.GetAsync(151))!.Jobcentre, Plan2027.OpensAt, new Random(1), default);

        var snapshot = await host.Server.Get<CycleStateLoader>().LoadAsync(2027);

        Assert.Equal(29, snapshot.Jobcentres.Count);
        Assert.True(snapshot.Jobcentres.Single(j => j.MunicipalityCode == 101).Invited);
        Assert.True(snapshot.Jobcentres.Single(j => j.MunicipalityCode == 147).MailBlocked);
        Assert.True(snapshot.Jobcentres.Single(j => j.MunicipalityCode == 151).Submitted);
        Assert.Equal(CycleState.Open, snapshot.Cycle!.State);
    }
}
