using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>Registers the survey feature's services.</summary>
internal static class SurveyServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftSurvey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SurveyOptions>().Bind(configuration.GetSection(SurveyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SurveyOptions>, SurveyOptionsValidator>());
        services.TryAddSingleton<ISurveyPublicUrl, ConfiguredSurveyPublicUrl>();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<ISurveyMailer, SurveyMailer>();
        services.AddSingleton<SurveyFormHandler>();
        return services;
    }
}
