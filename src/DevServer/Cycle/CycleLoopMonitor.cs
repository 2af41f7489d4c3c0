using Fremdrift.Shared.Cycle;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// Where the year's loop on the local engine is, read from its custom status (<see cref="CycleLoopStatus"/>): which
/// turn, whether it waits and until when on the cycle's clock, whether it is done. The demo waits on it for the end
/// of its cycle, and tests step a fake clock to the loop's next wake-up and wait until a turn is done.
/// </summary>
internal sealed class CycleLoopMonitor(DurableTaskClient client)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The loop's status now (null: no instance yet, or its first turn has not set one).</summary>
    public async Task<CycleLoopStatus?> StatusAsync(int year, CancellationToken ct = default) =>
        (await CycleInstances.StatusAsync(client, year, ct)).Status;

    /// <summary>Completes when the loop waits (or is done) after a turn later than <paramref name="afterTurn"/>; returns that status.</summary>
    public Task<CycleLoopStatus> WaitUntilIdleAsync(int year, long afterTurn, CancellationToken ct = default) =>
        WaitUntilIdleAsync(year, turn => turn > afterTurn, ct);

    /// <summary>
    /// Completes when the loop waits (or is done) after any turn but <paramref name="turn"/>: also one of an instance
    /// started again, whose turns count from 0 (the demo's clock must not wait for a turn number that never comes).
    /// </summary>
    public Task<CycleLoopStatus> WaitUntilIdleAfterOtherThanAsync(int year, long turn, CancellationToken ct = default) =>
        WaitUntilIdleAsync(year, t => t != turn, ct);

    private async Task<CycleLoopStatus> WaitUntilIdleAsync(int year, Func<long, bool> turnCounts, CancellationToken ct)
    {
        while (true)
        {
            var (metadata, status) = await PollAsync(year, ct);
            if (status is { } s && turnCounts(s.Turn) && (s.Waiting || s.Finished))
            {
                return s;
            }

            if (metadata is { IsCompleted: true } && status is not { Finished: true })
            {
                throw new InvalidOperationException($"Årshjulets instans for {year} sluttede uventet ({metadata.RuntimeStatus}): {metadata.FailureDetails?.ErrorMessage}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Completes when the year's cycle needs nothing more (its orchestration has finished).</summary>
    public async Task WaitUntilFinishedAsync(int year, CancellationToken ct = default)
    {
        while (true)
        {
            var (metadata, status) = await PollAsync(year, ct);
            if (metadata is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } && status is { Finished: true })
            {
                return;
            }

            await Task.Delay(PollInterval * 4, ct);
        }
    }

    /// <summary>
    /// One look at the instance. A busy machine can make the engine's answer late or cut the call; that is no news
    /// about the loop, so it counts as "not yet" and the next poll asks again.
    /// </summary>
    private async Task<(OrchestrationMetadata? Metadata, CycleLoopStatus? Status)> PollAsync(int year, CancellationToken ct)
    {
        try
        {
            return await CycleInstances.StatusAsync(client, year, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is Grpc.Core.RpcException or OperationCanceledException or IOException)
        {
            return (null, null);
        }
    }
}
