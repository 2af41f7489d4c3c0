namespace Fremdrift.Shared.Site;

/// <summary>The two links as the page frame and the mail frame show them: each null when not set (or not a usable address).</summary>
public sealed record SiteLinks(string? AccessibilityStatementUrl, string? PrivacyNoticeUrl)
{
    public static SiteLinks None { get; } = new(null, null);

    public bool Complete => AccessibilityStatementUrl is not null && PrivacyNoticeUrl is not null;

    public static SiteLinks From(SiteOptions options) => new(Usable(options.AccessibilityStatementUrl), Usable(options.PrivacyNoticeUrl));

    /// <summary>An absolute http(s) address, else null: a malformed setting counts as missing.</summary>
    public static string? Usable(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    /// <summary>What is missing, in Danish, naming the setting; empty when both are set.</summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (AccessibilityStatementUrl is null)
        {
            missing.Add("tilgængelighedserklæringen (Site__AccessibilityStatementUrl)");
        }

        if (PrivacyNoticeUrl is null)
        {
            missing.Add("privatlivserklæringen om behandling af personoplysninger (Site__PrivacyNoticeUrl)");
        }

        return missing;
    }
}
