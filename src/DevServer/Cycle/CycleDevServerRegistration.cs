using Fremdrift.Shared.Cycle;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.DevServer.Cycle;

/// <summary>The local host's cycle: clock, in-process signals, the loop, and the demo.</summary>
public static class CycleDevServerRegistration
{
    public static IServiceCollection AddFremdriftDevServerCycle(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DevServerCycleOptions.Section).Get<DevServerCycleOptions>() ?? new DevServerCycleOptions();
        services.AddOptions<DevServerCycleOptions>().Bind(configuration.GetSection(DevServerCycleOptions.Section));

        // The clock: accelerated when asked for; else one a host (a test's fake clock) registered before the
        // shared registrations added the system clock; else the system clock.
        var hostClock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider)
            && d.ImplementationInstance is TimeProvider p && !ReferenceEquals(p, TimeProvider.System));
        if (options.ClockSpeed != 1 || options.ClockStart is not null)
        {
            var cycleOptions = configuration.GetSection(CycleOptions.Section).Get<CycleOptions>() ?? new CycleOptions();
            var start = options.ClockStart ?? (options.Demo ? DemoClockStart(TimeProvider.System.GetUtcNow(), cycleOptions) : TimeProvider.System.GetUtcNow());
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new AcceleratedTimeProvider(start, options.ClockSpeed, held: options.Demo));
        }
        else if (hostClock is not null)
        {
            services.RemoveAll<TimeProvider>();
            services.Add(hostClock);
        }

        services.AddSingleton<InProcessCycleSignals>();
        services.Replace(ServiceDescriptor.Singleton<ICycleSignals>(sp => sp.GetRequiredService<InProcessCycleSignals>()));
        services.AddSingleton<CycleLoopMonitor>();
        services.AddSingleton(new CycleProgress(options.ProgressLines ?? options.Demo));
        if (options.CycleLoop || options.Demo)
        {
            services.AddHostedService<CycleLoopService>();
        }

        if (options.Demo)
        {
            services.AddHostedService<DemoClockRelease>();
            services.AddHostedService<DemoResponder>();
        }

        return services;
    }

    /// <summary>
    /// The demo starts two hours before the next cycle opens. Its clock is held there until the loop's first
    /// turn is done (see <see cref="DemoClockRelease"/>), so the host's start-up, a second or more of real time
    /// and so days at the demo's speed, does not make the opening late.
    /// </summary>
    public static DateTimeOffset DemoClockStart(DateTimeOffset now, CycleOptions cycle) =>
        CycleSchedule.DefaultOpensAt(CycleSchedule.YearToPlan(now, cycle), cycle).AddHours(-2);
}

/// <summary>Lets the demo's held clock run once the cycle loop has finished its first turn (the host is warm).</summary>
public sealed class DemoClockRelease(TimeProvider time, CycleLoopMonitor monitor) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (time is not AcceleratedTimeProvider { Held: true } clock)
        {
            return;
        }

        try
        {
            await monitor.WaitUntilIdleAsync(0, stoppingToken);
            clock.Release();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
