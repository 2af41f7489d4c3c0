using Fremdrift.Functions.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.Functions;

/// <summary>Azure-only services: the survey's Azure registrations, the secretariat's routes (no outbox) and the storage bootstrap.</summary>
public static class FunctionsRegistration
{
    public static IServiceCollection AddFremdriftFunctions(this IServiceCollection services)
    {
        // Replace, not Add: Shared registers its defaults (NoCycleSignals, the local routes) with TryAdd, so these win
        // whichever of AddFremdrift and AddFremdriftFunctions runs first, and no second registration lingers.
        services.Replace(ServiceDescriptor.Singleton(SecretariatRoutes.Functions));
        Survey.SurveyFunctionsRegistration.AddFremdriftSurveyFunctions(services);

        // A fresh deployment has empty storage: the tables, the document container and the directory are made at start.
        services.AddHostedService<StorageBootstrapService>();
        return services;
    }
}
