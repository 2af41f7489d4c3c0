using Fremdrift.Shared.Cycle;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// Signals the year's loop on the local Durable engine with the client the host holds (in Azure each function binds
/// its own client). Never fails the caller: see <see cref="CycleInstances.SignalAsync"/>. While the host stops
/// (Ctrl+C) the engine goes first, so a signal that fails then is expected and not a warning on the console: the
/// change is stored, and the loop reads it at its next turn.
/// </summary>
internal sealed class EngineCycleSignals(DurableTaskClient client, ILogger<EngineCycleSignals> logger, IHostApplicationLifetime lifetime) : ICycleSignals
{
    public Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken) =>
        CycleInstances.SignalAsync(client, signal, new QuietWhileStopping(logger, lifetime.ApplicationStopping), cancellationToken);

    /// <summary>Warnings logged once the host is stopping become information.</summary>
    private sealed class QuietWhileStopping(ILogger inner, CancellationToken stopping) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Level(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(Level(logLevel), eventId, state, exception, formatter);

        private LogLevel Level(LogLevel level) =>
            level == LogLevel.Warning && stopping.IsCancellationRequested ? LogLevel.Information : level;
    }
}
