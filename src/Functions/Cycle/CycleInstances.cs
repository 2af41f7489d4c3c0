using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// One orchestration instance per year ("followup-&lt;year&gt;"). Starting it is idempotent: a running (or pending)
/// instance is left alone; a missing, finished, failed or terminated one is started again, which is safe because
/// all state lives in storage and the orchestrator begins every turn by loading it.
/// </summary>
public static class CycleInstances
{
    public static async Task EnsureRunningAsync(DurableTaskClient client, int year, ILogger logger, CancellationToken ct)
    {
        var instanceId = FollowUpCycle.InstanceIdFor(year);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (existing is { IsCompleted: false })
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(FollowUpOrchestration.FollowUpCycleOrchestrator), new CycleLoopInput(year), new StartOrchestrationOptions(instanceId), ct);
            logger.LogInformation("Started the cycle orchestration {InstanceId}", instanceId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Two starters at once (the timer and a secretariat click): the other one won, which is what we want.
            var now = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
            if (now is not { IsCompleted: false })
            {
                throw;
            }

            logger.LogInformation("The cycle orchestration {InstanceId} was started by someone else meanwhile", instanceId);
        }
    }
}
