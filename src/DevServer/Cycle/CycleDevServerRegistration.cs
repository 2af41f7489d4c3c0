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
            services.AddSingleton<TimeProvider>(new AcceleratedTimeProvider(start, options.ClockSpeed));
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
            services.AddHostedService<DemoResponder>();
        }

        return services;
    }

    /// <summary>
    /// The demo starts three days before the next cycle opens: the accelerated clock runs from the moment it is
    /// made, and the host's start (tables, seeding, the first turn's warm-up) takes about a second of real time,
    /// which is over two days at the demo's speed; with less margin the opening would be shown late.
    /// </summary>
    public static DateTimeOffset DemoClockStart(DateTimeOffset now, CycleOptions cycle) =>
        CycleSchedule.DefaultOpensAt(CycleSchedule.YearToPlan(now, cycle), cycle).AddDays(-3);
}
