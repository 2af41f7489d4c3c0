using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail.Graph;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Mail;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Functions;

/// <summary>
/// A whole cycle with Mail:Provider=Graph and nothing else changed: the Functions app's own registration on the
/// Durable Task engine (in-memory backend) and empty Azurite storage, every mail through the send-once path to the
/// local Graph stand-in (which checks each sendMail body and the token's audience), and bounces read from the
/// stand-in's inbox by the bounce timer's handler.
/// </summary>
#pragma warning disable CA1001 // Disposed in DisposeAsync (xunit's IAsyncLifetime)
public sealed class GraphCycleOnEngineTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const int Year = 2027;
    private static readonly FollowUpCycle Plan = CycleSchedule.Plan(Year, new CycleOptions());
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly FakeTimeProvider _clock = new(Plan.OpensAt.AddHours(-2));
    private GraphStandIn _graph = null!;
    private FunctionsAppOnEngine _host = null!;

    public async Task InitializeAsync()
    {
        _graph = new GraphStandIn(GraphMailSenderTests.Mailbox);
        _host = await FunctionsAppOnEngine.StartAsync(_clock, Year, new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "Graph",
            ["Mail:GraphMailbox"] = _graph.Mailbox,
            ["Mail:GraphBaseUrl"] = _graph.BaseUrl,
            ["Mail:RetryDelay"] = "00:00:00.020",
        }, services => services.Replace(ServiceDescriptor.Singleton<Azure.Core.TokenCredential>(new FakeGraphCredential())));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _host.Get<T>();

    [Fact]
    public async Task With_Graph_the_cycle_invites_29_once_each_marks_the_bounced_skips_them_in_reminders_and_closes()
    {
        await Get<StorageBootstrap>().EnsureReadyAsync();
        await Get<CycleStarter>().EnsureCycleAsync(Year, CycleActionRunner.AutomaticActor, default);
        await CycleInstances.EnsureRunningAsync(_host.Client, Year, NullLogger.Instance, default);
        await _host.IdleAfterAsync(-1);
        await _host.MoveClockAsync(Plan.OpensAt.AddMinutes(10));

        var invited = _graph.Sent.ToList();
        Assert.Equal(29, invited.Count);
        Assert.Equal(29, invited.Select(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var log = await Get<SendLogRepository>().ListAsync(Year);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));

        // Two invitations bounce (one report from an English, one from a Danish tenant); a third chief replies.
        var directory = await Get<JobcentreRepository>().ListAsync();
        int[] bounced = [157, 163];
        const int Replied = 161;
        GraphStandIn.SentMail MailOf(int code) => invited.Single(m => m.To == directory.Single(j => j.MunicipalityCode == code).ChiefEmail);
        _clock.Advance(TimeSpan.FromMinutes(20));
        _graph.Inbox.Enqueue(_graph.ExchangeReport(MailOf(bounced[0]), _clock.GetUtcNow()));
        _graph.Inbox.Enqueue(_graph.ExchangeReport(MailOf(bounced[1]), _clock.GetUtcNow(), danish: true));
        _graph.Inbox.Enqueue(GraphStandIn.Reply(MailOf(Replied), _clock.GetUtcNow()));

        // The bounce timer's job, twice: the second run finds the same reports done.
        var run = await Get<GraphBounceReader>().RunAsync(default);
        var rerun = await Get<GraphBounceReader>().RunAsync(default);
        Assert.Equal((2, 2), (run.Reports, run.Recorded));
        Assert.Equal((0, 2), (rerun.Recorded, rerun.AlreadyDone));
        foreach (var code in bounced)
        {
            Assert.True((await Get<JobcentreRepository>().GetAsync(code))!.Jobcentre.IsMailBlocked);
        }

        Assert.False((await Get<JobcentreRepository>().GetAsync(Replied))!.Jobcentre.IsMailBlocked);

        // One chief submits; the reminders go to the rest except the bounced, then the deadline closes the cycle.
        const int Early = 101;
        var jobcentre = (await Get<JobcentreRepository>().GetAsync(Early))!.Jobcentre;
        Assert.True(await SimulatedAnswers.SubmitAsync(Get<CatalogueRepository>(), Get<ResponseRepository>(), Year, jobcentre, _clock.GetUtcNow(), new Random(Early), default));
        await _host.SignalAsync(new CycleSignal(Year, CycleSignalKind.AnswerSubmitted, Early, null));
        var rounds = CycleSchedule.Reminders(Plan);
        foreach (var round in rounds)
        {
            await _host.MoveClockAsync(round.DueAt.AddMinutes(5));
        }

        await _host.MoveClockAsync(Plan.Deadline.AddMinutes(5));
        var done = await _host.Client.WaitForInstanceCompletionAsync(FollowUpCycle.InstanceIdFor(Year), getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        log = await Get<SendLogRepository>().ListAsync(Year);
        for (var r = 1; r <= rounds.Count; r++)
        {
            var reminded = log.Where(e => e.Step == MailSteps.Reminder(r) && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).ToList();
            Assert.Equal(29 - 1 - bounced.Length, reminded.Count);
            Assert.Empty(reminded.Intersect(bounced.Append(Early)));
        }

        // Every mail once: each accepted by Graph is one Sent row of the send log, by its reference.
        var sentRows = log.Where(e => e.Status == SendStatus.Sent).ToList();
        Assert.Equal(sentRows.Count, _graph.Sent.Count);
        Assert.Equal(sentRows.Select(e => e.MessageId).Order(StringComparer.Ordinal), _graph.Sent.Select(m => m.Reference).Order(StringComparer.Ordinal));
        Assert.Contains(log, e => e.Step == MailSteps.OwnForm && e.MunicipalityCode == Early && e.Status == SendStatus.Sent);
        Assert.Contains(_graph.Sent, m => m.Attachments.Count > 0);
        Assert.Empty(_graph.Violations);
        Assert.Equal((CycleState.Closed, CloseReason.Deadline), ((await Get<CycleRepository>().GetAsync(Year))!.State, (await Get<CycleRepository>().GetAsync(Year))!.CloseReason));
    }

}
