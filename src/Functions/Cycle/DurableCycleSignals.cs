using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// Raises a cycle signal as the Durable external event on the year's instance, starting the instance first if it
/// is not running. The isolated worker hands out a <see cref="DurableTaskClient"/> only as a function binding, so
/// the functions that raise signals bind one and lend it for the call with <see cref="Use"/>. A signal that cannot
/// be delivered is logged, never thrown: the chief's submit or the secretariat's command is already stored, and
/// the loop reads it from storage at its next turn anyway.
/// </summary>
public sealed class DurableCycleSignals(ILogger<DurableCycleSignals> logger) : ICycleSignals
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    /// <summary>Makes <paramref name="client"/> the one signals go through until the returned scope ends.</summary>
    public static IDisposable Use(DurableTaskClient client)
    {
        var previous = Current.Value;
        Current.Value = client;
        return new Scope(previous);
    }

    public async Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken)
    {
        var client = Current.Value;
        if (client is null)
        {
            logger.LogWarning("No Durable client at hand for the {Kind} signal of {Year}; the cycle sees it at its next turn", signal.Kind, signal.Year);
            return;
        }

        await CycleInstances.SignalAsync(client, signal, logger, cancellationToken);
    }

    private sealed class Scope(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
