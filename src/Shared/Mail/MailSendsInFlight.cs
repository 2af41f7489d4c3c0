using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// The sends this process has claimed and not yet recorded. On a graceful stop (SIGTERM on scale-in or a deployment)
/// <see cref="MailSendsDrain"/> lets them finish and refuses new claims, so a stop sends nothing twice; the refused
/// step's activity fails and the engine runs it again on a live instance.
/// </summary>
public sealed class MailSendsInFlight
{
    private readonly Lock _sync = new();
    private TaskCompletionSource? _drained;
    private int _count;

    public bool Stopping { get; private set; }

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _count;
            }
        }
    }

    public IDisposable Enter()
    {
        lock (_sync)
        {
            _count++;
        }

        return new Slot(this);
    }

    /// <summary>Refuses a new claim once the host is stopping (nothing is claimed that the stop might cut off).</summary>
    public void ThrowIfStopping()
    {
        if (Stopping)
        {
            throw new InvalidOperationException("Værten er ved at stoppe; mailen sendes af en anden kørsel.");
        }
    }

    /// <summary>Stops new claims and completes when every send in flight is recorded.</summary>
    public Task StopAndDrainAsync()
    {
        lock (_sync)
        {
            Stopping = true;
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void Leave()
    {
        lock (_sync)
        {
            _count--;
            if (_count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    private sealed class Slot(MailSendsInFlight owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}

/// <summary>
/// Waits, when the host stops, for the mails in flight to be sent and recorded (up to the host's shutdown timeout,
/// which <see cref="MailServiceCollectionExtensions.AddFremdriftMail"/> raises to cover the longest send).
/// </summary>
internal sealed class MailSendsDrain(MailSendsInFlight inFlight, ILogger<MailSendsDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var pending = inFlight.Count;
        if (pending > 0)
        {
            logger.LogInformation("Stopping: waiting for {Count} mails in flight to be sent and recorded", pending);
        }

        await inFlight.StopAndDrainAsync().WaitAsync(cancellationToken);
    }
}
