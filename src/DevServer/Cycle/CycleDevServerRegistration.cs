using Fremdrift.DevServer.Durable;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.DevServer.Cycle;

/// <summary>The local host's cycle: clock, the Durable engine running the app's orchestrator, the daily timer's job, signals, and the demo.</summary>
internal static class CycleDevServerRegistration
{
    public static IServiceCollection AddFremdriftDevServerCycle(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DevServerCycleOptions.Section).Get<DevServerCycleOptions>() ?? new DevServerCycleOptions();
        services.AddOptions<DevServerCycleOptions>().Bind(configuration.GetSection(DevServerCycleOptions.Section));

        // The clock: accelerated when asked for; else one a host (a test's fake clock) registered before the
        // shared registrations added the system clock; else the system clock. The loop learns its speed from
        // CycleClockRate: a host's own clock moves only when the host moves it (and signals the loop).
        var hostClock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider)
            && d.ImplementationInstance is TimeProvider p && !ReferenceEquals(p, TimeProvider.System));
        if (options.ClockSpeed != 1 || options.ClockStart is not null)
        {
            var cycleOptions = configuration.GetSection(CycleOptions.Section).Get<CycleOptions>() ?? new CycleOptions();
            var start = options.ClockStart ?? (options.Demo ? DemoClockStart(TimeProvider.System.GetUtcNow(), cycleOptions) : TimeProvider.System.GetUtcNow());
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new AcceleratedTimeProvider(start, options.ClockSpeed, held: options.Demo));
            services.Replace(ServiceDescriptor.Singleton(new CycleClockRate(options.ClockSpeed)));
        }
        else if (hostClock is not null)
        {
            services.RemoveAll<TimeProvider>();
            services.Add(hostClock);
            services.Replace(ServiceDescriptor.Singleton(CycleClockRate.Manual));
        }

        var progress = new CycleProgress(options.ProgressLines ?? options.Demo);
        services.AddSingleton(progress);
        services.Replace(ServiceDescriptor.Singleton<ICycleTurnObserver>(progress));
        if (options.CycleLoop || options.Demo)
        {
            var prefix = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.TablePrefix ?? new StorageOptions().TablePrefix;
            services.AddFremdriftDurableEngine(options.DurableBackend, DurableEngine.TaskHubFor(prefix), () =>
                options.DurableConnectionString ?? configuration["Storage:ConnectionString"] ?? new StorageOptions().ConnectionString, options.DurableRedelivery);
            services.AddSingleton<CycleLoopMonitor>();
            services.Replace(ServiceDescriptor.Singleton<ICycleSignals, EngineCycleSignals>());
            services.AddHostedService<LocalCycleTimer>();
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

/// <summary>
/// The demo's clock: held until the loop has finished its first turn (the host and the engine are warm), then run up
/// to the loop's next wake-up at a time (<see cref="AcceleratedTimeProvider.RunUntil"/>), so each round and the close
/// come at their planned time on the demo's clock however long a turn takes in real time; stopped once the demo's
/// cycle is done, so the next year does not open on its own.
/// </summary>
internal sealed class DemoClockRelease(TimeProvider time, CycleStarter starter, CycleRepository cycles, CycleLoopMonitor monitor, ILogger<DemoClockRelease> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (time is not AcceleratedTimeProvider { Held: true } clock)
        {
            return;
        }

        var year = starter.YearToPlan();
        try
        {
            if (await cycles.GetAsync(year, stoppingToken) is { State: CycleState.Closed })
            {
                // A demo started again on storage whose cycle is already done (a restart after a kill): nothing
                // more to show; the clock never runs, so no next year opens by itself.
                clock.Stop();
                logger.LogInformation("The demo's cycle {Year} is already closed; its clock stays stopped", year);
                return;
            }

            // The clock runs to the loop's next wake-up and stands there until the loop has taken its turn and waits
            // again: the loop's timers and turns take real time, which the clock would otherwise run on through.
            var status = await monitor.WaitUntilIdleAsync(year, -1, stoppingToken);
            clock.RunUntil(status.WakeAt);
            clock.Release();
            while (!status.Finished)
            {
                status = await monitor.WaitUntilIdleAfterOtherThanAsync(year, status.Turn, stoppingToken);
                clock.RunUntil(status.Finished ? clock.GetUtcNow() : status.WakeAt);
            }

            await monitor.WaitUntilFinishedAsync(year, stoppingToken);
            clock.Stop();
            logger.LogInformation("The demo's cycle {Year} is done; its clock is stopped", year);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C stops the engine under the watch (an RpcException rather than a cancellation): nothing to report.
            logger.LogInformation(e, "The demo's clock watch ended with the host");
        }
        catch (Exception e)
        {
            // The demo's clock is a convenience; never take the host down for it. A clock that cannot be watched
            // must not run on unwatched (it would open the next year by itself): it stops.
            logger.LogError(e, "Demoens ur kunne ikke styres; det stoppes");
            clock.Stop();
        }
    }
}
