using Fremdrift.DevServer.Cycle;

namespace Fremdrift.Tests.Cycle;

/// <summary>The demo's clock: fast, and held still (with its timers) until the host is ready.</summary>
public class AcceleratedClockTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 6, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_held_clock_stands_still_with_its_timers_until_released_then_runs_at_its_speed()
    {
        var clock = new AcceleratedTimeProvider(Start, speed: 3600, held: true); // an hour per real second
        var delay = Task.Delay(TimeSpan.FromMinutes(30), clock); // half a real second once running

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.False(delay.IsCompleted);

        clock.Release();
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.GetUtcNow(), Start.AddMinutes(30), Start.AddMinutes(30 + 60 * 5));
        Assert.False(clock.Held);
    }

    [Fact]
    public void A_clock_not_held_runs_from_the_start()
    {
        var clock = new AcceleratedTimeProvider(Start, speed: 86400);
        Thread.Sleep(50);
        Assert.True(clock.GetUtcNow() > Start.AddHours(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(Start, 0));
    }
}
