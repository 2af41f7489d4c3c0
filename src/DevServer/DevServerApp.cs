using Fremdrift.DevServer.Azurite;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.Shared;
using Fremdrift.Shared.Storage;

namespace Fremdrift.DevServer;

/// <summary>
/// The local host: the same Shared handlers as the Functions app, on ASP.NET Core and Azurite, so the whole
/// product can be run and clicked through without Azure. Tests build it in-process with their own settings.
/// </summary>
internal static class DevServerApp
{
    /// <summary>Tries of the first storage calls at start before the storage counts as unreachable.</summary>
    private const int StartAttempts = 5;

    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Large bodies are cut off before parsing; the form is a few dozen KB at most.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f =>
        {
            f.ValueLengthLimit = 64 * 1024;
            f.ValueCountLimit = 1024;
            f.MultipartBodyLengthLimit = 256 * 1024;
        });

        configure?.Invoke(builder);
        UseAzuriteRetriesUnlessSet(builder.Configuration);

        var devOptions = builder.Configuration.GetSection(DevServerOptions.Section).Get<DevServerOptions>() ?? new DevServerOptions();
        var dataFolder = Path.IsPathRooted(devOptions.DataFolder)
            ? devOptions.DataFolder
            : Path.Combine(AzuriteProcess.RepositoryRoot(), devOptions.DataFolder);
        AzuriteProcess? azurite = null;
        if (devOptions.EmbeddedAzurite)
        {
            azurite = await AzuriteProcess.StartAsync(Path.Combine(dataFolder, "azurite"));
            builder.Configuration["Storage:ConnectionString"] = azurite.ConnectionString;
        }

        builder.Services.AddSingleton(new DevServerPaths(dataFolder));
        builder.Services.AddFremdrift(builder.Configuration);
        builder.Services.AddFremdriftDevServer(builder.Configuration);

        var app = builder.Build();
        if (azurite is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        var bootstrap = app.Services.GetRequiredService<StorageBootstrap>();
        // A just-started Azurite (or one on another machine coming up) may refuse the first calls for a moment;
        // a few short retries spare the user a failed start. A storage that stays away still fails with its message.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await bootstrap.EnsureReadyAsync();
                break;
            }
            catch (StorageUnavailableException) when (attempt < StartAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        app.MapFremdriftDevServer();
        return app;
    }

    /// <summary>
    /// The local host talks to Azurite on this machine, where a refused connection means it is down: short storage
    /// retries (<see cref="StorageRetryOptions.Azurite"/>) unless Storage:Retry:* is set. Azure keeps the defaults.
    /// </summary>
    private static void UseAzuriteRetriesUnlessSet(ConfigurationManager configuration)
    {
        var azurite = StorageRetryOptions.Azurite;
        var values = new Dictionary<string, string>
        {
            ["MaxRetries"] = azurite.MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delay"] = azurite.Delay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["MaxDelay"] = azurite.MaxDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["NetworkTimeout"] = azurite.NetworkTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in values)
        {
            var setting = $"{StorageOptions.Section}:Retry:{key}";
            if (string.IsNullOrEmpty(configuration[setting]))
            {
                configuration[setting] = value;
            }
        }
    }
}

/// <summary>Folders of the local host (outbox, Azurite data).</summary>
internal sealed record DevServerPaths(string DataFolder)
{
    public string Outbox => Path.Combine(DataFolder, "outbox");
}
