using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>Refuses to start with a missing or weak signing key, or a malformed public URL; messages in Danish.</summary>
internal sealed class SurveyOptionsValidator : IValidateOptions<SurveyOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, SurveyOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LinkSigningKey))
        {
            problems.Add("Survey:LinkSigningKey skal sættes (base64, mindst 32 byte; i Azure fra Key Vault).");
        }
        else
        {
            try
            {
                if (Convert.FromBase64String(options.LinkSigningKey).Length < MinimumKeyBytes)
                {
                    problems.Add($"Survey:LinkSigningKey er for kort: den skal være mindst {MinimumKeyBytes} byte (base64).");
                }
            }
            catch (FormatException)
            {
                problems.Add("Survey:LinkSigningKey er ikke gyldig base64.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add("Survey:PublicBaseUrl skal være en fuld http(s)-adresse, fx https://fremdrift.example.dk.");
        }

        if (options.RemarkMaxLength is < 100 or > 20000)
        {
            problems.Add("Survey:RemarkMaxLength skal ligge mellem 100 og 20000 tegn.");
        }

        if (options.GracePeriod < TimeSpan.Zero)
        {
            problems.Add("Survey:GracePeriod må ikke være negativ.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
