using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// One real Azurite per test run, in memory, on free ports; every test gets its own table prefix and container
/// so tests run in parallel without seeing each other's rows. Stopped when the test process exits.
/// </summary>
internal static class TestAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(async () =>
    {
        var azurite = await AzuriteProcess.StartAsync(dataFolder: null, timeout: TimeSpan.FromSeconds(60));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    });

    public static Task<AzuriteProcess> GetAsync() => Instance.Value;

    /// <summary>Storage options pointing at the shared Azurite with a fresh prefix and container.</summary>
    public static async Task<StorageOptions> FreshOptionsAsync()
    {
        var azurite = await GetAsync();
        var id = Guid.NewGuid().ToString("N")[..12];
        return new StorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TablePrefix = "t" + id,
            DocumentContainer = "c" + id,
            Retry = StorageRetryOptions.Azurite,
        };
    }

    /// <summary>Clients on a fresh, created set of tables and container.</summary>
    public static async Task<StorageClients> FreshClientsAsync()
    {
        var clients = Clients(await FreshOptionsAsync());
        await clients.EnsureCreatedAsync();
        return clients;
    }

    /// <summary>The app's storage clients for these options, registered the way the app registers them.</summary>
    public static StorageClients Clients(StorageOptions options) =>
        new ServiceCollection()
            .AddSingleton(Options.Create(options))
            .AddFremdriftStorageClients()
            .BuildServiceProvider()
            .GetRequiredService<StorageClients>();
}
