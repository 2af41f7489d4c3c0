using System.Threading.Channels;
using Fremdrift.Shared.Cycle;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// The local host's stand-in for Durable's external events: a submit or a secretariat command wakes the cycle
/// loop at once instead of at its next timer. Raising never blocks and never fails the caller.
/// </summary>
public sealed class InProcessCycleSignals : ICycleSignals
{
    private readonly Channel<CycleSignal> _channel = Channel.CreateUnbounded<CycleSignal>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<CycleSignal> Reader => _channel.Reader;

    public Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken)
    {
        _channel.Writer.TryWrite(signal);
        return Task.CompletedTask;
    }
}
