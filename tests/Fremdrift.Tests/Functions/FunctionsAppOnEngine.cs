using Fremdrift.Functions;
using Fremdrift.Shared;
using Fremdrift.Shared.Cycle;
using Fremdrift.DevServer.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Functions;

/// <summary>
/// The Functions app's own registration (what its Program.cs calls: AddFremdrift + AddFremdriftFunctions) with the
/// cycle's orchestrator and activities on the Durable Task engine (the SDK's in-process test host, in-memory
/// backend), over fresh Azurite storage and a test's clock: it moves only when the test moves it (the loop's clock
/// rate is manual, so the test moves it and signals the loop: <see cref="MoveClockAsync"/>). The test host must be told its sidecar's port; should another
/// test take that port before it binds, it starts again on another.
/// </summary>
internal sealed class FunctionsAppOnEngine(DurableTaskTestHost host, FakeTimeProvider clock, int year) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public DurableTaskClient Client => host.Client;

    public IServiceProvider Services => host.Services;

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Sets the test's clock and tells the loop, as a host's own clock would wake it; returns when the loop is idle again.</summary>
    public Task MoveClockAsync(DateTimeOffset to)
    {
        clock.SetUtcNow(to);
        return SignalAsync(new CycleSignal(year, CycleSignalKind.ClockMoved, null, null));
    }

    /// <summary>Signals the loop and returns when it is idle after the turn the signal woke.</summary>
    public async Task SignalAsync(CycleSignal signal)
    {
        var turn = (await CycleInstances.StatusAsync(host.Client, year, default)).Status!.Turn;
        await CycleInstances.SignalAsync(host.Client, signal, NullLogger.Instance, default);
        await IdleAfterAsync(turn);
    }

    public Task<CycleLoopStatus> IdleAfterAsync(long turn) =>
        new CycleLoopMonitor(host.Client).WaitUntilIdleAsync(year, turn).WaitAsync(Patience);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <param name="settings">The test's own settings (mail provider and the like), over the storage and link settings.</param>
    /// <param name="configure">Registrations after the app's (a fake credential, an observer): Replace what the app added.</param>
    public static async Task<FunctionsAppOnEngine> StartAsync(FakeTimeProvider clock, int year, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var storage = await TestAzurite.FreshOptionsAsync();
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:TablePrefix"] = storage.TablePrefix,
            ["Storage:DocumentContainer"] = storage.DocumentContainer,
            ["Survey:LinkSigningKey"] = Cycle.CycleTestHost.SigningKey,
            ["Survey:PublicBaseUrl"] = "https://fremdrift-test.example",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var host = await LoopbackPorts.RetryOnAddressInUseAsync(port => DurableTaskTestHost.StartAsync(
            registry => registry.AddFollowUpCycle(),
            new DurableTaskTestHostOptions
            {
                Port = port,
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(config);
                    services.AddSingleton<TimeProvider>(clock);
                    services.AddFremdrift(config);
                    services.AddFremdriftFunctions();
                    services.Replace(ServiceDescriptor.Singleton(CycleClockRate.Manual));
                    configure?.Invoke(services);
                },
            }));
        return new FunctionsAppOnEngine(host, clock, year);
    }
}
