using Fremdrift.DevServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// The real local host, started in-process on a free loopback port against the shared test Azurite with its
/// own table prefix, a temporary data folder and a known secretariat password. Tests may override settings
/// and services (e.g. a fake clock) before it starts.
/// </summary>
internal sealed class TestDevServer : IAsyncDisposable
{
    public const string SecretariatPassword = "test-kodeord-123";

    private readonly WebApplication _app;

    private TestDevServer(WebApplication app, string baseUrl, string dataFolder)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    public string BaseUrl { get; }

    public string DataFolder { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<TestDevServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var storage = await TestAzurite.FreshOptionsAsync();
        var dataFolder = Path.Combine(Path.GetTempPath(), "fremdrift-test-" + Guid.NewGuid().ToString("N")[..8]);
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DevServer:EmbeddedAzurite"] = "false",
            ["DevServer:DataFolder"] = dataFolder,
            ["DevServer:SecretariatPassword"] = SecretariatPassword,
            // The loop's tests count the chiefs' mails; the readiness tests turn the secretariat's readiness mail on.
            ["DevServer:ReadinessMail"] = "false",
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:TablePrefix"] = storage.TablePrefix,
            ["Storage:DocumentContainer"] = storage.DocumentContainer,
            // FREMDRIFT_TEST_LOGLEVEL=Information shows what a host did while a test is being debugged.
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("FREMDRIFT_TEST_LOGLEVEL") ?? "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = await DevServerApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestDevServer(app, address.TrimEnd('/'), dataFolder);
    }

    /// <summary>An HttpClient for the secretariat's pages, signed in.</summary>
    public HttpClient SecretariatClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretariatAuth.User + ":" + SecretariatPassword)));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
