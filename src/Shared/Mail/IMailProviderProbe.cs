namespace Fremdrift.Shared.Mail;

/// <summary>
/// Asks the configured mail provider, without sending anything, whether it accepts the app's credentials (the
/// readiness check before a year opens).
/// </summary>
public interface IMailProviderProbe
{
    Task<MailProviderCheck> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The provider's answer: <see cref="Ok"/> when it accepts the credentials; <see cref="Detail"/> says what was found, in Danish.</summary>
public sealed record MailProviderCheck(bool Ok, string Detail);
