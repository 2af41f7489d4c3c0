using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// Settings of the jobcentres' survey (section "Survey"). The link signing key is a secret: Key Vault in Azure,
/// generated and kept in the data folder by the local host, never in the repository or in Table Storage.
/// </summary>
public sealed class SurveyOptions
{
    public const string Section = "Survey";

    /// <summary>Base64, at least 32 bytes. Personal link tokens are derived from it; changing it kills every link.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>Where the form is reached from a mail, e.g. https://fremdrift.example.dk (the link is {this}/skema/{token}).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Longest remark per recommendation, in characters.</summary>
    public int RemarkMaxLength { get; set; } = 4000;

    /// <summary>When on, a Gul or Rød needs a remark before the form can be submitted.</summary>
    public bool RequireRemarkForGulOrRoed { get; set; } = true;

    /// <summary>How long after the deadline a link still opens the form (default: not at all).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>The decoded signing key; only valid after validation.</summary>
    public byte[] SigningKeyBytes() => Convert.FromBase64String(LinkSigningKey ?? "");
}

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

/// <summary>
/// The base address that personal links are built on. In Azure it is <see cref="SurveyOptions.PublicBaseUrl"/>;
/// the local host supplies its own listening address when the setting is empty.
/// </summary>
public interface ISurveyPublicUrl
{
    string BaseUrl { get; }
}

/// <summary>The configured <see cref="SurveyOptions.PublicBaseUrl"/>; refuses to build a link without one.</summary>
internal sealed class ConfiguredSurveyPublicUrl(IOptions<SurveyOptions> options) : ISurveyPublicUrl
{
    public string BaseUrl => string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
        ? throw new InvalidOperationException("Survey:PublicBaseUrl skal sættes, så linkene i mails peger på skemaet.")
        : options.Value.PublicBaseUrl.TrimEnd('/');
}
