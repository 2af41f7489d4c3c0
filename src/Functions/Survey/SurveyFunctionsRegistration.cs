using Fremdrift.Shared.Survey;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Functions.Survey;

/// <summary>Azure-only survey settings: links in mails must point at the public address, so it is required here.</summary>
internal static class SurveyFunctionsRegistration
{
    public static IServiceCollection AddFremdriftSurveyFunctions(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.PublicBaseUrl), "Survey:PublicBaseUrl skal sættes i Azure (fx https://<app>.azurewebsites.net), så linkene i mails virker.")
            .ValidateOnStart();
        return services;
    }
}
