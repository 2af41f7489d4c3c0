using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Survey;

/// <summary>Registers the survey feature's services.</summary>
public static class SurveyServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftSurvey(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
