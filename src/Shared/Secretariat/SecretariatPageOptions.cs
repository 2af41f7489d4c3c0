namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// What the secretariat's status page shows besides the cycle. Set in code by the host, not bound from
/// configuration: only the local host has an outbox to link to.
/// </summary>
public sealed class SecretariatPageOptions
{
    /// <summary>Link to <see cref="SecretariatPaths.Outbox"/>, where the local host keeps the mails it "sent".</summary>
    public bool ShowOutboxLink { get; set; }
}
