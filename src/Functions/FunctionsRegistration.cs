using Fremdrift.Functions.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Functions;

/// <summary>Azure-only services: the survey's Azure registrations and the storage bootstrap.</summary>
internal static class FunctionsRegistration
{
    public static IServiceCollection AddFremdriftFunctions(this IServiceCollection services)
    {
        Survey.SurveyFunctionsRegistration.AddFremdriftSurveyFunctions(services);

        // A fresh deployment has empty storage: the tables, the document container and the directory are made at start.
        services.AddHostedService<StorageBootstrapService>();
        return services;
    }
}
