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
            .ValidateOnStart();
        services.AddSingleton<MailDispatcher>();

        // Mail:Provider=SendGrid (the default in Azure). The local host registers its file outbox for Mail:Provider=Outbox.
        services.AddSendGridHttpClient();
        services.TryAddSingleton<IMailSender, SendGridMailSender>();
        return services;
    }

    /// <summary>
    /// SendGrid's HTTP client from IHttpClientFactory with the standard resilience handler: retries of 408/429/5xx and
    /// network errors with exponential backoff, a timeout per attempt and in all, and a circuit breaker, all from
    /// <see cref="MailOptions"/> (tests set short delays). The send log makes a mail step exactly-once around it.
    /// </summary>
    public static IServiceCollection AddSendGridHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(SendGridMailSender.HttpClientName)
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
