using Fremdrift.Shared.Cycle;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// The year's cycle loop (<see cref="FollowUpCycleLoop"/>, in Shared, where the local host and the tests run the
/// same code on the same engine) bound to the Functions host: the orchestration trigger and its three activities.
/// </summary>
internal sealed class FollowUpOrchestration(CycleActivities activities)
{
    [Function(FollowUpCycleLoop.OrchestratorName)]
    public static Task FollowUpCycleOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        FollowUpCycleLoop.RunAsync(context);

    [Function(FollowUpCycleLoop.LoadTurnActivity)]
    public Task<CycleTurn> LoadCycleTurn([ActivityTrigger] int year, FunctionContext context) =>
        activities.LoadTurnAsync(year, context.CancellationToken);

    /// <summary>Runs one action; each is idempotent (keyed by year, jobcentre and step), so a retry does no harm.</summary>
    [Function(FollowUpCycleLoop.RunActionActivity)]
    public Task<CycleActionReport> RunCycleAction([ActivityTrigger] CycleActionMessage message, FunctionContext context) =>
        activities.RunActionAsync(message, context.CancellationToken);

    [Function(FollowUpCycleLoop.ReportTurnActivity)]
    public async Task<bool> ReportCycleTurn([ActivityTrigger] CycleTurnReport report)
    {
        await activities.ReportTurnAsync(report);
        return true;
    }
}
