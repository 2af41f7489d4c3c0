namespace Fremdrift.Shared.Domain;

/// <summary>
/// A municipality's jobcentre and the people the secretariat mails. <see cref="MunicipalityCode"/> is the
/// official Danish municipality number and the jobcentre's key everywhere.
/// </summary>
public sealed record Jobcentre(
    int MunicipalityCode,
    string Municipality,
    string Name,
    string ChiefName,
    string ChiefEmail,
    string? DeputyName = null,
    string? DeputyEmail = null,
    bool Active = true,
    MailBounce? Bounce = null)
{
    /// <summary>True when the chief's address has bounced and the secretariat has not fixed it yet.</summary>
    public bool IsMailBlocked => Bounce is not null && string.Equals(Bounce.Email, ChiefEmail, StringComparison.OrdinalIgnoreCase);

    public bool HasAddress => !string.IsNullOrWhiteSpace(ChiefEmail);
}

/// <summary>SendGrid reported that a mail to <see cref="Email"/> bounced, was dropped or blocked.</summary>
public sealed record MailBounce(string Email, string Event, string Reason, DateTimeOffset At);
