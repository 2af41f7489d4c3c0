using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Secretariat;
using Fremdrift.DevServer.Cycle;
using Fremdrift.DevServer.Endpoints;

namespace Fremdrift.DevServer;

/// <summary>The local host's own services and routes, one line per feature.</summary>
internal static class DevServerRegistration
{
    public static IServiceCollection AddFremdriftDevServer(this IServiceCollection services, IConfiguration configuration)
    {
        // The local host is a development tool: SendGrid's test posts may come unsigned unless a key is set.
        if (configuration["BounceWebhook:AllowUnsigned"] is null)
        {
            services.PostConfigure<BounceWebhookOptions>(o => o.AllowUnsigned = true);
        }

        services.AddSingleton<SecretariatAuth>();
        services.AddSingleton<SecretariatAuthFilter>();
        // Only the local host keeps the mails it "sent" (OutboxStore), so only its status page links to them.
        services.Configure<SecretariatPageOptions>(o => o.ShowOutboxLink = true);
        // Feature folders add their local-only services here (outbox mail sender, cycle loop, clock).
        services.AddFremdriftSurveyDevServer(configuration);
        services.AddFremdriftDevServerCycle(configuration);
        return services;
    }

    public static WebApplication MapFremdriftDevServer(this WebApplication app)
    {
        app.MapHome();

        // Everything of the secretariat's lives under /sekretariat and needs sign-in.
        var secretariat = app.MapGroup(SecretariatPaths.Root).AddEndpointFilter<SecretariatAuthFilter>();
        _ = secretariat;
        secretariat.MapDocuments();
        secretariat.MapYearImport();

        // Feature folders map their routes here (survey, secretariat, outbox, webhooks).
        app.MapSurvey(secretariat);
        secretariat.MapSecretariat();
        secretariat.MapYearTextsAndReadiness();
        app.MapWebhooks();
        return app;
    }
}
