using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Mail;

/// <summary>Registers mail options, the dispatcher and (by the survey feature) the sender.</summary>
public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailDispatcher>();
        // IMailSender: the SendGrid sender is registered here by the survey/mail work; the local host may replace it.
        return services;
    }
}
