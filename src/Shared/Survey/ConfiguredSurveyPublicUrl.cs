using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>The configured <see cref="SurveyOptions.PublicBaseUrl"/>; refuses to build a link without one.</summary>
internal sealed class ConfiguredSurveyPublicUrl(IOptions<SurveyOptions> options) : ISurveyPublicUrl
{
    public string BaseUrl => string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
        ? throw new InvalidOperationException("Survey:PublicBaseUrl skal sættes, så linkene i mails peger på skemaet.")
        : options.Value.PublicBaseUrl.TrimEnd('/');
}
