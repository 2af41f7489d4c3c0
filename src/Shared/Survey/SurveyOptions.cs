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
