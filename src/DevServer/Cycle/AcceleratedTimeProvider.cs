namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// A clock for the demo and for watching a whole cycle: time starts at <see cref="Start"/> and runs
/// <see cref="Speed"/> times faster than real time; timers (and so <c>Task.Delay(span, provider)</c>) are
/// shortened by the same factor. Timestamps (<see cref="TimeProvider.GetTimestamp"/>) stay real, so
/// measurements of real elapsed time are not distorted.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly long _startTimestamp = System.GetTimestamp();

    public AcceleratedTimeProvider(DateTimeOffset start, double speed)
    {
        if (speed <= 0 || double.IsNaN(speed) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "DevServer:ClockSpeed skal være et positivt tal.");
        }

        Start = start.ToUniversalTime();
        Speed = speed;
    }

    public DateTimeOffset Start { get; }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() =>
        Start + TimeSpan.FromTicks((long)(System.GetElapsedTime(_startTimestamp).Ticks * Speed));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>The real duration of <paramref name="businessTime"/> on this clock.</summary>
    public TimeSpan Scale(TimeSpan businessTime) =>
        businessTime == Timeout.InfiniteTimeSpan || businessTime <= TimeSpan.Zero
            ? businessTime
            : TimeSpan.FromTicks(Math.Max(1, (long)(businessTime.Ticks / Speed)));

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
