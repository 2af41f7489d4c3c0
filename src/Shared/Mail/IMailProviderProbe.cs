namespace Fremdrift.Shared.Mail;

/// <summary>A harmless authenticated call that tells whether the configured mail provider accepts the app's credentials; it never sends a mail.</summary>
public interface IMailProviderProbe
{
    Task<MailProviderCheck> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The probe's answer: whether the provider accepted the credentials, and a Danish line saying what was checked or what to do.</summary>
public sealed record MailProviderCheck(bool Ok, string Detail);
