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

        // Mail:Provider=SendGrid (the default in Azure). The local host registers its file outbox for Mail:Provider=Outbox.
        services.AddSendGridHttpClient();
        services.TryAddSingleton<IMailSender, SendGridMailSender>();
        return services;
    }

    /// <summary>
    /// SendGrid's HTTP client from IHttpClientFactory with the standard resilience strategies: retries of 408/429/5xx
    /// and network errors with exponential backoff, a timeout per attempt and in all, and a circuit breaker, all from
    /// <see cref="MailOptions"/> (tests set short delays). They run on real time (<see cref="TimeProvider.System"/>),
    /// never on the cycle's clock: the demo's accelerated clock would make a 30-second timeout a fraction of a
    /// millisecond. The send log makes each mail step once-only around it.
    /// </summary>
    public static IServiceCollection AddSendGridHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(SendGridMailSender.HttpClientName)
            // The resilience handler's timeouts govern; the client's own 100 s would cut a retried send short.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("sendgrid", (builder, context) =>
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
