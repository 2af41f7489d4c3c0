using Fremdrift.Shared.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.Shared.Readiness;

/// <summary>Registers the readiness check, its page and its mail; the SendGrid probe unless a host brings its own.</summary>
internal static class ReadinessServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftReadiness(this IServiceCollection services)
    {
        services.TryAddSingleton<IMailProviderProbe, SendGridMailProviderProbe>();
        services.TryAddSingleton<IYearRecommendationsCheck, CatalogueRecommendationsCheck>();
        services.AddSingleton<ReadinessChecker>();
        services.AddSingleton<ReadinessMailer>();
        services.AddSingleton<ReadinessPage>();
        return services;
    }
}
