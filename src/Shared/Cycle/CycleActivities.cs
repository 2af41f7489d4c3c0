using Microsoft.DurableTask;
using Fremdrift.Shared.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// The loop's activities, in host-neutral form: the Functions app wraps each in an activity trigger, the local host
/// and the tests register them with the Durable Task worker (<see cref="CycleRegistry.AddFollowUpCycle"/>). Each
/// is idempotent: loading reads, actions are keyed by year, jobcentre and step, and a report only writes lines.
/// </summary>
public sealed class CycleActivities(CycleStateLoader loader, CycleActionRunner runner, TimeProvider time, CycleClockRate rate, ICycleTurnObserver observer, IOptions<MailOptions> mail)
{
    // Storage and mail faults leave the activities marked transient, so the loop's retry policy retries them and
    // nothing else (see TransientFailure).
    public Task<CycleTurn> LoadTurnAsync(int year, CancellationToken ct) => TransientFailure.MarkAsync(async () =>
    {
        var snapshot = await loader.LoadAsync(year, ct) with { StaleClaimAfter = mail.Value.StaleClaimAfter };
        return new CycleTurn(snapshot, time.GetUtcNow(), rate.Speed);
    });

    public Task<CycleActionReport> RunActionAsync(CycleActionMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TransientFailure.MarkAsync(async () => CycleActionReport.From(await runner.RunAsync(message.ToAction(), ct)));
    }

    public Task ReportTurnAsync(CycleTurnReport report)
    {
        // Stamped when the turn's work is done, so the lines read in the order things happened.
        observer.TurnDone(report, time.GetUtcNow());
        return Task.CompletedTask;
    }
}

/// <summary>Hears about each turn that ran actions (the local host prints progress lines; the default logs them).</summary>
public interface ICycleTurnObserver
{
    void TurnDone(CycleTurnReport report, DateTimeOffset doneAt);
}

/// <summary>Writes each turn's summary lines to the log (what IT staff read in Application Insights).</summary>
internal sealed class LoggingCycleTurnObserver(ILogger<LoggingCycleTurnObserver> logger) : ICycleTurnObserver
{
    public void TurnDone(CycleTurnReport report, DateTimeOffset doneAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var line in CycleTurnSummary.Lines(report))
        {
            logger.LogInformation("Cycle {Year}: {Line}", report.Year, line);
        }
    }
}

/// <summary>Registers the loop's orchestrator and activities with a Durable Task worker (local host, tests).</summary>
public static class CycleRegistry
{
    public static DurableTaskRegistry AddFollowUpCycle(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<CycleLoopInput>(FollowUpCycleLoop.OrchestratorName, (context, _) => FollowUpCycleLoop.RunAsync(context));
        registry.AddActivity<LoadCycleTurnActivity>(FollowUpCycleLoop.LoadTurnActivity);
        registry.AddActivity<RunCycleActionActivity>(FollowUpCycleLoop.RunActionActivity);
        registry.AddActivity<ReportCycleTurnActivity>(FollowUpCycleLoop.ReportTurnActivity);
        return registry;
    }

    private sealed class LoadCycleTurnActivity(CycleActivities activities) : TaskActivity<int, CycleTurn>
    {
        public override Task<CycleTurn> RunAsync(TaskActivityContext context, int input) => activities.LoadTurnAsync(input, CancellationToken.None);
    }

    private sealed class RunCycleActionActivity(CycleActivities activities) : TaskActivity<CycleActionMessage, CycleActionReport>
    {
        public override Task<CycleActionReport> RunAsync(TaskActivityContext context, CycleActionMessage input) => activities.RunActionAsync(input, CancellationToken.None);
    }

    private sealed class ReportCycleTurnActivity(CycleActivities activities) : TaskActivity<CycleTurnReport, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, CycleTurnReport input)
        {
            await activities.ReportTurnAsync(input);
            return true;
        }
    }
}
