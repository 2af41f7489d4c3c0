using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
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
/// The Functions app's own registration (what its Program.cs calls: AddFremdrift + AddFremdriftFunctions, with the
/// start-up bootstrap) running the cycle's orchestrator and activities on the Durable Task engine (the SDK's
/// in-process test host, in-memory backend), on empty Azurite storage, mailing through SendGrid's HTTP API (a local
/// listener). The clock is a test's: it moves only when the test moves it, and the test signals the loop, as the
/// app's own signals do.
/// </summary>
#pragma warning disable CA1001 // Disposed in DisposeAsync (xunit's IAsyncLifetime)
public sealed class FunctionsAppOnEngineTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const int Year = 2027;
    private static readonly FollowUpCycle Plan = CycleSchedule.Plan(Year, new CycleOptions());
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly FakeTimeProvider _clock = new(Plan.OpensAt.AddHours(-2));
    private readonly FailingObserver _observer = new();
    private ScriptedSendGrid _sendGrid = null!;
    private FunctionsAppOnEngine _host = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = new ScriptedSendGrid(202);
        _host = await FunctionsAppOnEngine.StartAsync(_clock, Year, new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "SendGrid",
            ["Mail:SendGridApiKey"] = "SG.test-key-not-real",
            ["Mail:SendGridHost"] = _sendGrid.Host,
            ["Mail:RetryDelay"] = "00:00:00.020",
        }, services => services.Replace(ServiceDescriptor.Singleton<ICycleTurnObserver>(_observer)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _host.Get<T>();

    [Fact]
    public async Task On_empty_storage_the_app_makes_its_tables_loads_the_directory_and_the_cycle_invites_all_29_once()
    {
        // What the worker's start-up does (StorageBootstrapService), and then the daily timer's job.
        await Get<StorageBootstrap>().EnsureReadyAsync();
        Assert.Equal(29, (await Get<JobcentreRepository>().ListAsync()).Count);
        await Get<CycleStarter>().EnsureCycleAsync(Year, CycleActionRunner.AutomaticActor, default);
        await CycleInstances.EnsureRunningAsync(_host.Client, Year, NullLogger.Instance, default);
        var waiting = await _host.IdleAfterAsync(-1);
        Assert.Equal(Plan.OpensAt, waiting.WakeAt);
        Assert.Equal(0, _sendGrid.Requests);

        await _host.MoveClockAsync(Plan.OpensAt.AddMinutes(10));

        Assert.Equal(CycleState.Open, (await Get<CycleRepository>().GetAsync(Year))!.State);
        var log = await Get<SendLogRepository>().ListAsync(Year);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        Assert.Equal(29, _sendGrid.Requests);

        // A second start of the timer's job and a signal change nothing: each action is keyed and done once.
        await CycleInstances.EnsureRunningAsync(_host.Client, Year, NullLogger.Instance, default);
        await _host.SignalAsync(new CycleSignal(Year, CycleSignalKind.SecretariatCommand, null, "test"));
        Assert.Equal(29, _sendGrid.Requests);
    }

    [Fact]
    public async Task A_whole_cycle_reminds_only_non_submitters_closes_at_the_deadline_and_delivers_the_bilag_and_own_forms()
    {
        await Get<StorageBootstrap>().EnsureReadyAsync();
        await Get<CycleStarter>().EnsureCycleAsync(Year, CycleActionRunner.AutomaticActor, default);
        await CycleInstances.EnsureRunningAsync(_host.Client, Year, NullLogger.Instance, default);
        await _host.IdleAfterAsync(-1);
        await _host.MoveClockAsync(Plan.OpensAt.AddHours(1));

        int[] early = [101, 147, 151];
        foreach (var code in early)
        {
            await SubmitAsync(code);
        }

        var rounds = CycleSchedule.Reminders(Plan);
        foreach (var round in rounds)
        {
            await _host.MoveClockAsync(round.DueAt.AddMinutes(5));
        }

        await _host.MoveClockAsync(Plan.Deadline.AddMinutes(5));
        var metadata = await _host.Client.WaitForInstanceCompletionAsync(FollowUpCycle.InstanceIdFor(Year), getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.True(metadata.ReadCustomStatusAs<CycleLoopStatus>()!.Finished);

        var log = await Get<SendLogRepository>().ListAsync(Year);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        for (var r = 1; r <= rounds.Count; r++)
        {
            var reminded = log.Where(e => e.Step == MailSteps.Reminder(r) && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).ToList();
            Assert.Equal(26, reminded.Count);
            Assert.Empty(reminded.Intersect(early));
        }

        var cycle = (await Get<CycleRepository>().GetAsync(Year))!;
        Assert.Equal((CycleState.Closed, CloseReason.Deadline), (cycle.State, cycle.CloseReason));
        var documents = await Get<ICycleDocuments>().ListAsync(Year, default);
        Assert.Single(documents, d => d.Kind == DocumentKind.Bilag);
        Assert.Equal(early.Length, documents.Count(d => d.Kind == DocumentKind.MunicipalityForm));
        Assert.Equal(early.Order(), log.Where(e => e.Step == MailSteps.OwnForm && e.Status == SendStatus.Sent).Select(e => e.MunicipalityCode).Order());
        Assert.Contains(log, e => e.MunicipalityCode == 0 && e.Status == SendStatus.Sent);
        // Every mail once: invitations, three rounds to 26, a receipt for each early submit, the secretariat's notice
        // and the own forms.
        Assert.Equal(29 + (26 * rounds.Count) + early.Length + 1 + early.Length, _sendGrid.Requests);
    }

    [Fact]
    public async Task A_failing_activity_does_not_end_the_loop_and_signals_during_a_turn_are_not_lost()
    {
        await Get<StorageBootstrap>().EnsureReadyAsync();
        await Get<CycleStarter>().EnsureCycleAsync(Year, CycleActionRunner.AutomaticActor, default);
        await CycleInstances.EnsureRunningAsync(_host.Client, Year, NullLogger.Instance, default);
        await _host.IdleAfterAsync(-1);

        // The turn summary activity throws on every call: the turn that opens and invites still completes.
        _observer.Fail = true;
        await _host.MoveClockAsync(Plan.OpensAt.AddHours(1));
        Assert.True(_observer.Calls > 0);
        Assert.Equal(29, (await Get<SendLogRepository>().ListAsync(Year)).Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        var (metadata, status) = await CycleInstances.StatusAsync(_host.Client, Year, default);
        Assert.Equal(OrchestrationRuntimeStatus.Running, metadata!.RuntimeStatus);
        Assert.True(status!.Waiting);

        // Every jobcentre submits, their signals raised at once while turns run: the loop sees them all and closes
        // early (nothing is lost between a turn's load and its wait; unprocessed signals carry over).
        var codes = (await Get<JobcentreRepository>().ListAsync()).Select(j => j.MunicipalityCode).ToList();
        var submitted = new List<Task>();
        foreach (var code in codes)
        {
            var jobcentre = (await Get<JobcentreRepository>().GetAsync(code))!.Jobcentre;
            Assert.True(await SimulatedAnswers.SubmitAsync(Get<CatalogueRepository>(), Get<ResponseRepository>(), Year, jobcentre, _clock.GetUtcNow(), new Random(code), default));
            submitted.Add(CycleInstances.SignalAsync(_host.Client, new CycleSignal(Year, CycleSignalKind.AnswerSubmitted, code, null), NullLogger.Instance, default));
        }

        await Task.WhenAll(submitted);
        var done = await _host.Client.WaitForInstanceCompletionAsync(FollowUpCycle.InstanceIdFor(Year), getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var cycle = (await Get<CycleRepository>().GetAsync(Year))!;
        Assert.Equal((CycleState.Closed, CloseReason.AllSubmitted), (cycle.State, cycle.CloseReason));
        Assert.DoesNotContain(await Get<SendLogRepository>().ListAsync(Year), e => MailSteps.IsReminder(e.Step));
    }

    private async Task SubmitAsync(int code)
    {
        var jobcentre = (await Get<JobcentreRepository>().GetAsync(code))!.Jobcentre;
        Assert.True(await SimulatedAnswers.SubmitAsync(Get<CatalogueRepository>(), Get<ResponseRepository>(), Year, jobcentre, _clock.GetUtcNow(), new Random(code), default));
        await _host.SignalAsync(new CycleSignal(Year, CycleSignalKind.AnswerSubmitted, code, null));
    }

    /// <summary>The turn summary's observer, made to fail when a test wants a failing activity.</summary>
    private sealed class FailingObserver : ICycleTurnObserver
    {
        private int _calls;

        public bool Fail { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public void TurnDone(CycleTurnReport report, DateTimeOffset doneAt)
        {
            Interlocked.Increment(ref _calls);
            if (Fail)
            {
                throw new IOException("The turn summary could not be written (test).");
            }
        }
    }
}
