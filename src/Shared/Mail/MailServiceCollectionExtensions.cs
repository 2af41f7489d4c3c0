using Fremdrift.Shared.Mail.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            .Validate(o => o.Provider != "Graph" || !string.IsNullOrWhiteSpace(o.GraphMailbox), "Mail:GraphMailbox skal sættes, når Mail:Provider er Graph (postkassen, der sendes fra).")
            .ValidateOnStart();
        services.AddSingleton<MailDispatcher>();
        services.AddSingleton<JobcentreBounceMarker>();

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
    /// A mail provider's HTTP client from IHttpClientFactory with the standard resilience handler: retries of
    /// 408/429/5xx and network errors with exponential backoff, or as long as the provider's Retry-After says (the
    /// handler's default, which Graph's throttling relies on), a timeout per attempt and in all, and a circuit
    /// breaker, all from <see cref="MailOptions"/> (tests set short delays). The send log makes a mail step
    /// exactly-once around it.
    /// </summary>
    public static IServiceCollection AddMailHttpClient(this IServiceCollection services, string name)
    {
        services.AddHttpClient(name)
            // The resilience handler's timeouts govern; the client's own 100 s would cut a retried send short.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, mail.RetryAttempts - 1);
                if (mail.RetryAttempts == 1)
                {
                    resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }

                resilience.Retry.Delay = mail.RetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.AttemptTimeout.Timeout = mail.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = mail.AttemptTimeout * (mail.RetryAttempts + 1) + mail.RetryDelay * Math.Pow(2, mail.RetryAttempts);
                resilience.CircuitBreaker.SamplingDuration = mail.AttemptTimeout * 2;
            });
        return services;
    }
}
