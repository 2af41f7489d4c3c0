using Fremdrift.DevServer.Cycle;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Cycle;

/// <summary>The demo's clock: fast, and held still (with its timers) until the host is ready. Real time is faked.</summary>
public class AcceleratedClockTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 6, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_held_clock_stands_still_with_its_timers_until_released_then_runs_at_its_speed()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedTimeProvider(Start, speed: 3600, held: true, real); // an hour per real second
        var delay = Task.Delay(TimeSpan.FromMinutes(30), clock); // half a real second once running

        real.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.False(delay.IsCompleted);

        clock.Release();
        real.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromMilliseconds(2));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Start.AddMinutes(30).AddSeconds(3.6), clock.GetUtcNow());
        Assert.False(clock.Held);
    }

    [Fact]
    public void A_clock_not_held_runs_from_the_start()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedTimeProvider(Start, speed: 86400, held: false, real);

        real.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal(Start.AddSeconds(4320), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(Start, 0));
    }

    [Fact]
    public void A_stopped_clock_stands_still_for_good_and_its_later_timers_never_fire()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedTimeProvider(Start, speed: 3600, held: false, real);
        var fired = false;
        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(1));
        clock.Stop();
        real.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Start.AddHours(1), clock.GetUtcNow());
        Assert.True(clock.Held);
        Assert.False(fired);
    }

    [Fact]
    public async Task A_clock_run_until_a_time_stands_there_with_its_later_timers_and_runs_on_from_there_when_the_limit_moves()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedTimeProvider(Start, speed: 3600, held: false, real); // an hour per real second
        clock.RunUntil(Start.AddHours(2));
        var beyond = Task.Delay(TimeSpan.FromHours(3), clock);

        // Ten real seconds, ten hours at this speed: the clock stands at its limit, and so does the timer due beyond it.
        for (var i = 0; i < 100; i++)
        {
            real.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        Assert.False(beyond.IsCompleted);

        // Moved on, it runs from the limit, not from where ten seconds would have taken it: the timer's last hour is
        // a real second away.
        clock.RunUntil(Start.AddHours(5));
        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        real.Advance(TimeSpan.FromMilliseconds(990));
        Assert.False(beyond.IsCompleted);
        real.Advance(TimeSpan.FromMilliseconds(20));
        await beyond.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.GetUtcNow(), Start.AddHours(3), Start.AddHours(3).AddMinutes(1));

        // An earlier limit never turns the clock back; none lets it run freely.
        clock.RunUntil(Start.AddHours(1));
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(clock.GetUtcNow(), Start.AddHours(3), Start.AddHours(3).AddMinutes(1));
        clock.RunUntil(null);
        real.Advance(TimeSpan.FromSeconds(2));
        Assert.InRange(clock.GetUtcNow(), Start.AddHours(5), Start.AddHours(5).AddMinutes(1));
    }
}
