namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// Where the local cycle loop is: how many turns it has taken, whether it is waiting, and until when. Tests
/// and the demo use it to step a fake clock to the loop's next wake-up and to wait until a turn is done.
/// </summary>
public sealed class CycleLoopMonitor
{
    private readonly Lock _lock = new();
    private readonly List<(long AfterTurn, TaskCompletionSource Done)> _idleWaiters = [];
    private readonly HashSet<int> _finished = [];
    private readonly List<TaskCompletionSource> _finishWaiters = [];

    public long Turns { get; private set; }

    public bool Idle { get; private set; }

    /// <summary>When the waiting loop wakes up by itself (null: only on a signal).</summary>
    public DateTimeOffset? WakeAt { get; private set; }

    /// <summary>The last storage or action failure, if the loop is retrying ("" when fine).</summary>
    public string LastError { get; private set; } = "";

    internal void TurnStarted()
    {
        lock (_lock)
        {
            Turns++;
            Idle = false;
        }
    }

    internal void Waiting(DateTimeOffset? wakeAt)
    {
        List<TaskCompletionSource> release;
        lock (_lock)
        {
            Idle = true;
            WakeAt = wakeAt;
            LastError = "";
            release = _idleWaiters.Where(w => Turns > w.AfterTurn).Select(w => w.Done).ToList();
            _idleWaiters.RemoveAll(w => Turns > w.AfterTurn);
        }

        release.ForEach(t => t.TrySetResult());
    }

    internal void Failed(string message)
    {
        lock (_lock)
        {
            LastError = message;
        }
    }

    internal void CycleFinished(int year)
    {
        List<TaskCompletionSource> release;
        lock (_lock)
        {
            _finished.Add(year);
            release = [.. _finishWaiters];
            _finishWaiters.Clear();
        }

        release.ForEach(t => t.TrySetResult());
    }

    public bool IsFinished(int year)
    {
        lock (_lock)
        {
            return _finished.Contains(year);
        }
    }

    /// <summary>Completes when the loop is waiting after a turn that started later than <paramref name="afterTurn"/>.</summary>
    public Task WaitUntilIdleAsync(long afterTurn, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Idle && Turns > afterTurn)
            {
                return Task.CompletedTask;
            }

            _idleWaiters.Add((afterTurn, done));
        }

        return done.Task.WaitAsync(ct);
    }

    /// <summary>Completes when the year's cycle needs nothing more.</summary>
    public async Task WaitUntilFinishedAsync(int year, CancellationToken ct = default)
    {
        while (true)
        {
            TaskCompletionSource next;
            lock (_lock)
            {
                if (_finished.Contains(year))
                {
                    return;
                }

                next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _finishWaiters.Add(next);
            }

            await next.Task.WaitAsync(ct);
        }
    }
}
