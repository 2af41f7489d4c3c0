using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Fremdrift.Shared.Mail;

/// <summary>Registers mail options, the dispatcher and (by the survey feature) the sender.</summary>
public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "SendGrid" || !string.IsNullOrWhiteSpace(o.SendGridApiKey), "Mail:SendGridApiKey skal sættes, når Mail:Provider er SendGrid (i Azure fra Key Vault).")
            .ValidateOnStart();
        services.AddSingleton<MailDispatcher>();

        // Mail:Provider=SendGrid (the default in Azure): one SendGrid client for the app's lifetime. The local
        // host registers its file outbox for Mail:Provider=Outbox.
        services.TryAddSingleton<ISendGridClient>(sp => SendGridMailSender.CreateClient(sp.GetRequiredService<IOptions<MailOptions>>().Value));
        services.TryAddSingleton<IMailSender, SendGridMailSender>();
        return services;
    }
}
