namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// A clock for the demo and for watching a whole cycle: time starts at <see cref="Start"/> and runs
/// <see cref="Speed"/> times faster than real time; timers (and so <c>Task.Delay(span, provider)</c>) are
/// shortened by the same factor. Timestamps (<see cref="TimeProvider.GetTimestamp"/>) stay real, so
/// measurements of real elapsed time are not distorted.
/// A clock made <c>held</c> stands still at <see cref="Start"/> (and its timers with it) until
/// <see cref="Release"/>: the demo holds it while the host starts and warms up, because a second of start-up
/// is days at the demo's speed and would otherwise show the opening late. <see cref="Stop"/> stops the clock for
/// good (the demo's cycle is done; the next year should not open on its own).
/// <see cref="RunUntil"/> sets how far the clock may run: it stands at that limit until the limit is moved on. The
/// demo sets it to the loop's next wake-up, so the clock waits for the loop there instead of running on while a turn
/// takes its real time (a second is days at the demo's speed, which made the rounds and the close land days late).
/// </summary>
internal sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ScaledTimer> _heldTimers = [];
    private readonly List<ScaledTimer> _timersAtLimit = [];
    private long _startTimestamp;
    private bool _held;
    private readonly TimeProvider _real;
    private DateTimeOffset _from;
    private DateTimeOffset? _limit;

    public AcceleratedTimeProvider(DateTimeOffset start, double speed, bool held = false)
        : this(start, speed, held, System)
    {
    }

    /// <summary>A clock over another real time (a fake one in tests, so that they need not wait on the wall clock).</summary>
    public AcceleratedTimeProvider(DateTimeOffset start, double speed, bool held, TimeProvider real)
    {
        if (speed <= 0 || double.IsNaN(speed) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "DevServer:ClockSpeed skal være et positivt tal.");
        }

        Start = start.ToUniversalTime();
        _from = Start;
        Speed = speed;
        _held = held;
        _real = real;
        _startTimestamp = real.GetTimestamp();
    }

    public DateTimeOffset Start { get; }

    public double Speed { get; }

    public bool Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>How far the clock may run (null: no limit); see <see cref="RunUntil"/>.</summary>
    public DateTimeOffset? Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return NowLocked();
        }
    }

    private DateTimeOffset NowLocked()
    {
        if (_held)
        {
            return _from;
        }

        var now = _from + TimeSpan.FromTicks((long)(_real.GetElapsedTime(_startTimestamp).Ticks * Speed));
        return _limit is { } limit && now > limit ? limit : now;
    }

    /// <summary>
    /// Lets the clock run as far as <paramref name="until"/> and no further (null: without a limit). A clock that
    /// stood at its old limit runs on from there, not from where the real time since would have taken it; a limit
    /// earlier than the clock's time holds it where it is (the clock never goes back).
    /// </summary>
    public void RunUntil(DateTimeOffset? until)
    {
        List<ScaledTimer> waiting;
        lock (_lock)
        {
            if (!_held)
            {
                _from = NowLocked();
                _startTimestamp = _real.GetTimestamp();
            }

            _limit = until is { } u && u < _from ? _from : until;
            waiting = [.. _timersAtLimit];
            _timersAtLimit.Clear();
        }

        waiting.ForEach(t => t.Resume());
    }

    /// <summary>
    /// A timer due beyond the limit the clock stands at waits for the limit to move (rather than waking again and
    /// again to a clock that does not move); false if the clock is not standing at its limit.
    /// </summary>
    private bool WaitForLimit(ScaledTimer timer, DateTimeOffset target)
    {
        lock (_lock)
        {
            if (_held || _limit is not { } limit || target <= limit || NowLocked() < limit)
            {
                return false;
            }

            _timersAtLimit.Add(timer);
            return true;
        }
    }

    /// <summary>Lets a held clock run from <see cref="Start"/> now, and starts the timers made while it was held.</summary>
    public void Release()
    {
        List<ScaledTimer> start;
        lock (_lock)
        {
            if (!_held)
            {
                return;
            }

            _held = false;
            _startTimestamp = _real.GetTimestamp();
            start = [.. _heldTimers];
            _heldTimers.Clear();
        }

        start.ForEach(t => t.Run());
    }

    /// <summary>Stops the clock where it is, for good: timers that fall due later never fire.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (!_held)
            {
                _from = NowLocked();
                _held = true;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ScaledTimer(this, callback, state, dueTime, period);
        lock (_lock)
        {
            if (_held)
            {
                _heldTimers.Add(timer);
                return timer;
            }
        }

        timer.Run();
        return timer;
    }

    /// <summary>The real duration of <paramref name="businessTime"/> on this clock.</summary>
    public TimeSpan Scale(TimeSpan businessTime) =>
        businessTime == Timeout.InfiniteTimeSpan || businessTime <= TimeSpan.Zero
            ? businessTime
            : TimeSpan.FromTicks(Math.Max(1, (long)(businessTime.Ticks / Speed)));

    private void Forget(ScaledTimer timer)
    {
        lock (_lock)
        {
            _heldTimers.Remove(timer);
            _timersAtLimit.Remove(timer);
        }
    }

    /// <summary>A system timer with scaled times; while the clock is held it only remembers its latest times.</summary>
    private sealed class ScaledTimer(AcceleratedTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        private readonly Lock _lock = new();
        private ITimer? _inner;
        private TimeSpan _due = dueTime;
        private TimeSpan _period = period;
        private DateTimeOffset? _target;
        private bool _disposed;

        public void Run()
        {
            lock (_lock)
            {
                if (!_disposed && _inner is null)
                {
                    _target = TargetOf(_due, _period);
                    _inner = clock._real.CreateTimer(static s => ((ScaledTimer)s!).Fire(), this, clock.Scale(_due), clock.Scale(_period));
                }
            }
        }

        // The system timer counts whole milliseconds and may fire a fraction of one early, which at the demo's
        // speed is minutes of clock time: a one-shot timer that woke before its time is set again for the rest, so
        // that whoever waited on the clock always sees it at or past the time waited for.
        private void Fire()
        {
            if (clock.Held)
            {
                // A stopped clock: what waits on it waits for good.
                return;
            }

            lock (_lock)
            {
                var now = clock.GetUtcNow();
                if (!_disposed && _target is { } target && now < target && _inner is not null)
                {
                    if (!clock.WaitForLimit(this, target))
                    {
                        _inner.Change(clock.Scale(target - now) + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                    }

                    return;
                }
            }

            callback(state);
        }

        /// <summary>Sets a timer that waited at the clock's limit again, for what is left of its time.</summary>
        public void Resume()
        {
            lock (_lock)
            {
                if (!_disposed && _target is { } target && _inner is not null)
                {
                    var left = target - clock.GetUtcNow();
                    _inner.Change((left > TimeSpan.Zero ? clock.Scale(left) : TimeSpan.Zero) + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                }
            }
        }

        private DateTimeOffset? TargetOf(TimeSpan due, TimeSpan period) =>
            period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero
                ? due == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + due
                : null;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return false;
                }

                (_due, _period) = (dueTime, period);
                if (_inner is not null)
                {
                    _target = TargetOf(dueTime, period);
                }

                return _inner is null || _inner.Change(clock.Scale(dueTime), clock.Scale(period));
            }
        }

        public void Dispose()
        {
            ITimer? inner;
            lock (_lock)
            {
                _disposed = true;
                inner = _inner;
            }

            clock.Forget(this);
            inner?.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            ITimer? inner;
            lock (_lock)
            {
                _disposed = true;
                inner = _inner;
            }

            clock.Forget(this);
            if (inner is not null)
            {
                await inner.DisposeAsync();
            }
        }
    }
}
