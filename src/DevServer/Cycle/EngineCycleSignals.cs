using Fremdrift.Shared.Cycle;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// Signals the year's loop on the local Durable engine with the client the host holds (in Azure each function binds
/// its own client). Never fails the caller: see <see cref="CycleInstances.SignalAsync"/>.
/// </summary>
internal sealed class EngineCycleSignals(DurableTaskClient client, ILogger<EngineCycleSignals> logger) : ICycleSignals
{
    public Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken) =>
        CycleInstances.SignalAsync(client, signal, logger, cancellationToken);
}
