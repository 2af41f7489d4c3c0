using Fremdrift.Functions;
using Fremdrift.Shared;
using Fremdrift.Shared.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.Tests.Functions;

/// <summary>
/// The Functions app's own registration (what its Program.cs calls: AddFremdrift + AddFremdriftFunctions) with the
/// cycle's orchestrator and activities on the Durable Task engine (the SDK's in-process test host, in-memory
/// backend), over fresh Azurite storage and a test's clock: it moves only when the test moves it (the loop's clock
/// rate is manual, so the test signals the loop). The test host must be told its sidecar's port; should another
/// test take that port before it binds, it starts again on another.
/// </summary>
internal static class FunctionsAppOnEngine
{
    /// <param name="settings">The test's own settings (mail provider and the like), over the storage and link settings.</param>
    /// <param name="configure">Registrations after the app's (a fake credential, an observer): Replace what the app added.</param>
    public static async Task<DurableTaskTestHost> StartAsync(TimeProvider clock, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
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
        return await LoopbackPorts.RetryOnAddressInUseAsync(port => DurableTaskTestHost.StartAsync(
            registry => registry.AddFollowUpCycle(),
            new DurableTaskTestHostOptions
            {
                Port = port,
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(config);
                    services.AddSingleton(clock);
                    services.AddFremdrift(config);
                    services.AddFremdriftFunctions();
                    services.Replace(ServiceDescriptor.Singleton(CycleClockRate.Manual));
                    configure?.Invoke(services);
                },
            }));
    }
}
