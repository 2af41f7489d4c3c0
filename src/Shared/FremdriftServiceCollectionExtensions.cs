using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Site;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared;

/// <summary>One call that registers everything the Functions app and the local host share.</summary>
public static class FremdriftServiceCollectionExtensions
{
    public static IServiceCollection AddFremdrift(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddFremdriftStorage(configuration);
        services.AddFremdriftMail(configuration);
        services.AddFremdriftSurvey(configuration);
        services.AddFremdriftCycle(configuration);
        services.AddFremdriftBilag(configuration);
        services.AddFremdriftSecretariat();
        services.AddFremdriftSecretariatSecurity(configuration);
        services.AddFremdriftSite(configuration);
        services.AddFremdriftMailTexts();
        services.AddFremdriftReadiness();
        services.TryAddSingleton<ICycleSignals, NoCycleSignals>();
        return services;
    }
}
