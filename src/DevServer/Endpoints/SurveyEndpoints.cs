using System.Security.Cryptography;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// The jobcentres' form on the local host (GET/POST /skema/{token}, the same Shared handler as the Functions
/// app), the outbox, and the local defaults: mail to the file outbox, links on the host's own address, and a
/// signing key generated once and kept in the data folder so links survive restarts.
/// </summary>
internal static class SurveyEndpoints
{
    public static IServiceCollection AddFremdriftSurveyDevServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(configuration[MailOptions.Section + ":" + nameof(MailOptions.Provider)]))
            {
                o.Provider = "Outbox";
            }
        });
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxMailSender>();
        services.Replace(ServiceDescriptor.Singleton<IMailSender>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Provider == "Outbox"
                ? sp.GetRequiredService<OutboxMailSender>()
                : MailServiceCollectionExtensions.ProviderSender(sp)));
        services.Replace(ServiceDescriptor.Singleton<IMailProviderProbe>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Provider switch
            {
                "Outbox" => (IMailProviderProbe)new OutboxMailProviderProbe(),
                var p when string.Equals(p, "Graph", StringComparison.OrdinalIgnoreCase) => ActivatorUtilities.CreateInstance<Fremdrift.Shared.Mail.Graph.GraphMailProviderProbe>(sp),
                _ => ActivatorUtilities.CreateInstance<SendGridMailProviderProbe>(sp),
            }));
        if (string.Equals(configuration[MailOptions.Section + ":" + nameof(MailOptions.Provider)], "Graph", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<LocalGraphBounceTimer>();
        }

        services.AddOptions<SurveyOptions>().PostConfigure<DevServerPaths>((o, paths) =>
        {
            if (string.IsNullOrWhiteSpace(o.LinkSigningKey))
            {
                o.LinkSigningKey = LocalLinkSigningKey.LoadOrCreate(paths.DataFolder);
            }
        });
        services.Replace(ServiceDescriptor.Singleton<ISurveyPublicUrl, LocalSurveyPublicUrl>());
        return services;
    }

    public static void MapSurvey(this WebApplication app, RouteGroupBuilder secretariat)
    {
        app.MapGet("/skema/{token}", async (string token, SurveyFormHandler handler, CancellationToken ct) =>
            (await handler.GetAsync(token, ct)).ToHttp());

        app.MapPost("/skema/{token}", async (string token, HttpRequest request, SurveyFormHandler handler, CancellationToken ct) =>
            (await SurveyFormBody.PostAsync(request, token, handler, ct)).ToHttp());

        // Anything else under /skema gets the same Danish "link does not work" page, revealing nothing.
        app.MapMethods("/skema/{**rest}", [HttpMethods.Get, HttpMethods.Post], (IOptions<MailOptions> mail) =>
            SurveyPages.NotFound(mail.Value.SecretariatContact).ToHttp());

        // A static file served by the same host, as the benchmark's baseline (and it keeps crawlers out).
        app.MapGet("/robots.txt", () => PageResult.Text(200, "User-agent: *\nDisallow: /\n").ToHttp());

        secretariat.MapOutbox();
    }
}

/// <summary>The local host's link address: Survey:PublicBaseUrl if set, otherwise the address it listens on.</summary>
internal sealed class LocalSurveyPublicUrl(IOptions<SurveyOptions> options, IServer server) : ISurveyPublicUrl
{
    public string BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            {
                return options.Value.PublicBaseUrl.TrimEnd('/');
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DevServerApp.DefaultUrl;
            return address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .TrimEnd('/');
        }
    }
}

/// <summary>A signing key made once per data folder (file readable by the owner only), for local use only.</summary>
internal static class LocalLinkSigningKey
{
    public const string FileName = "survey-link-signing-key.txt";

    public static string LoadOrCreate(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, options);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance on the same folder wrote it first; use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
