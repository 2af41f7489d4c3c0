using Fremdrift.Shared.Mail.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Fremdrift.Shared.Mail;

/// <summary>Registers mail options, the dispatcher, and SendGrid's HTTP client with its resilience handler.</summary>
public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "SendGrid" || !string.IsNullOrWhiteSpace(o.SendGridApiKey), "Mail:SendGridApiKey skal sættes, når Mail:Provider er SendGrid (i Azure fra Key Vault).")
            .Validate(o => o.StaleClaimAfter > o.LongestSend, "Mail:StaleClaimAfter skal være længere end den længste afsendelse (Mail:AttemptTimeout gange forsøgene plus pauserne), ellers kan en langsom afsendelse blive overhalet og mailen gå to gange.")
            .Validate(o => o.Provider != "Graph" || !string.IsNullOrWhiteSpace(o.GraphMailbox), "Mail:GraphMailbox skal sættes, når Mail:Provider er Graph (postkassen, der sendes fra).")
            .ValidateOnStart();
        services.AddSingleton<MailDispatcher>();
        services.AddSingleton<MailSendsInFlight>();
        services.AddHostedService<MailSendsDrain>();

        // A graceful stop waits for the sends in flight (MailSendsDrain): the host's shutdown timeout must cover the longest.
        services.AddOptions<HostOptions>().PostConfigure<IOptions<MailOptions>>((host, mail) =>
        {
            var needed = mail.Value.LongestSend + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.AddSingleton<JobcentreBounceMarker>();

        // SendGrid's Event Webhook marks bounced addresses; in Azure it refuses unsigned posts.
        services.AddOptions<BounceWebhookOptions>().Bind(configuration.GetSection(BounceWebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(HostingPlace.FromEnvironment());
        services.AddSingleton<BounceWebhook>();
        services.AddHostedService<BounceWebhookStartupCheck>();

        // Mail:Provider=SendGrid (the default in Azure) or Graph. The local host puts its file outbox in front for Mail:Provider=Outbox.
        services.AddSendGridHttpClient();
        services.AddMailHttpClient(GraphApi.HttpClientName);
        services.AddSingleton<GraphApi>();
        services.AddSingleton<GraphBounceReader>();
        services.TryAddSingleton(ProviderSender);
        if (string.Equals(configuration[MailOptions.Section + ":" + nameof(MailOptions.Provider)], "Graph", StringComparison.OrdinalIgnoreCase))
        {
            // Registered after any other probe, so that for Graph this one is what IMailProviderProbe resolves to.
            services.AddSingleton<IMailProviderProbe, GraphMailProviderProbe>();
        }

        return services;
    }

    /// <summary>The sender for Mail:Provider: Microsoft Graph for "Graph", else SendGrid.</summary>
    public static IMailSender ProviderSender(IServiceProvider services) =>
        string.Equals(services.GetRequiredService<IOptions<MailOptions>>().Value.Provider, "Graph", StringComparison.OrdinalIgnoreCase)
            ? ActivatorUtilities.CreateInstance<GraphMailSender>(services)
            : ActivatorUtilities.CreateInstance<SendGridMailSender>(services);

    /// <summary>SendGrid's HTTP client; see <see cref="AddMailHttpClient"/>.</summary>
    public static IServiceCollection AddSendGridHttpClient(this IServiceCollection services) => services.AddMailHttpClient(SendGridMailSender.HttpClientName);

    /// <summary>
    /// A mail provider's HTTP client from IHttpClientFactory with the standard resilience strategies: retries of
    /// 408/429/5xx and network errors with exponential backoff, or as long as the provider's Retry-After says (which
    /// Graph's throttling relies on), a timeout per attempt and in all, and a circuit breaker, all from
    /// <see cref="MailOptions"/> (tests set short delays). They run on real time (<see cref="TimeProvider.System"/>),
    /// never on the cycle's clock: the demo's accelerated clock would make a 30-second timeout a fraction of a
    /// millisecond. The send log makes each mail step once-only around it.
    /// </summary>
    public static IServiceCollection AddMailHttpClient(this IServiceCollection services, string name)
    {
        services.AddHttpClient(name)
            // The resilience handler's timeouts govern; the client's own 100 s would cut a retried send short.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("mail", (builder, context) =>
            {
                // The pipeline builder takes the TimeProvider registered in DI (the cycle's clock); the network's is real.
                builder.TimeProvider = TimeProvider.System;
                var mail = context.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value;
                builder.AddTimeout(mail.LongestSend);
                if (mail.RetryAttempts > 1)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = mail.RetryAttempts - 1,
                        Delay = mail.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { SamplingDuration = mail.AttemptTimeout * 2 });
                builder.AddTimeout(mail.AttemptTimeout);
            });
        return services;
    }
}
