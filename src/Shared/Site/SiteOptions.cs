namespace Fremdrift.Shared.Site;

/// <summary>
/// What a Danish public body's pages and mails must point to (section "Site"): the accessibility statement
/// (tilgængelighedserklæring) and the privacy notice (how the chiefs' names, addresses and answers are processed, and
/// for how long). Both are pages the secretariat publishes elsewhere; the app only links to them. A missing one is
/// logged at start and shown red by the readiness check, never silently left out.
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Full http(s) address of the accessibility statement, e.g. on was.digst.dk.</summary>
    public string? AccessibilityStatementUrl { get; set; }

    /// <summary>Full http(s) address of the privacy notice for the follow-up.</summary>
    public string? PrivacyNoticeUrl { get; set; }
}
