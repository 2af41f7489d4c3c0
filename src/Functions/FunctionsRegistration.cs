using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Functions;

/// <summary>Azure-only services: the Durable cycle signal and the secretariat's identity.</summary>
public static class FunctionsRegistration
{
    public static IServiceCollection AddFremdriftFunctions(this IServiceCollection services)
    {
        // Feature folders register their Azure-only implementations here.
        Survey.SurveyFunctionsRegistration.AddFremdriftSurveyFunctions(services);
        return services;
    }
}
