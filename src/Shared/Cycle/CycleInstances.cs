using Fremdrift.Shared.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// One orchestration instance per year ("followup-&lt;year&gt;"), driven through whichever Durable client the host
/// holds. Starting is idempotent: a running (or pending) instance is left alone; a missing, finished, failed or
/// terminated one is started again, which is safe because all state lives in storage and the orchestrator begins
/// every turn by loading it.
/// </summary>
public static class CycleInstances
{
    public static async Task EnsureRunningAsync(DurableTaskClient client, int year, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = FollowUpCycle.InstanceIdFor(year);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (existing is { IsCompleted: false })
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                FollowUpCycleLoop.OrchestratorName, new CycleLoopInput(year), new StartOrchestrationOptions(instanceId), ct);
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

    /// <summary>
    /// Wakes the year's loop (starting it first if it does not run). A signal that cannot be delivered is logged,
    /// never thrown: the chief's submit or the secretariat's command is already stored, and the loop reads it from
    /// storage at its next turn anyway.
    /// </summary>
    public static async Task SignalAsync(DurableTaskClient client, CycleSignal signal, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signal);
        try
        {
            await EnsureRunningAsync(client, signal.Year, logger, ct);
            await client.RaiseEventAsync(FollowUpCycle.InstanceIdFor(signal.Year), FollowUpCycleLoop.SignalEvent, signal, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not signal the {Year} cycle ({Kind}); it sees the change at its next turn", signal.Year, signal.Kind);
        }
    }

    /// <summary>The loop's own account of where it is (null: no instance, or one that has not set a status yet).</summary>
    public static async Task<(OrchestrationMetadata? Metadata, CycleLoopStatus? Status)> StatusAsync(DurableTaskClient client, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        // The custom status comes only with the inputs and outputs.
        var metadata = await client.GetInstanceAsync(FollowUpCycle.InstanceIdFor(year), getInputsAndOutputs: true, ct);
        CycleLoopStatus? status = null;
        if (metadata?.SerializedCustomStatus is { Length: > 0 } raw && raw.TrimStart().StartsWith('{'))
        {
            status = metadata.ReadCustomStatusAs<CycleLoopStatus>();
        }

        return (metadata, status);
    }
}
