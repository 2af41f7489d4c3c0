using Fremdrift.Functions.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Secretariat;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Functions;

/// <summary>Azure-only services: the Durable cycle signal and the secretariat's routes under /api.</summary>
public static class FunctionsRegistration
{
    public static IServiceCollection AddFremdriftFunctions(this IServiceCollection services)
    {
        // Registered after AddFremdrift, so these win over the defaults (NoCycleSignals, the local routes).
        services.AddSingleton<ICycleSignals, DurableCycleSignals>();
        services.AddSingleton(SecretariatRoutes.Functions);
        Survey.SurveyFunctionsRegistration.AddFremdriftSurveyFunctions(services);
        return services;
    }
}
