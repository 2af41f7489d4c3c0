namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// Where the secretariat's pages live as the browser sees them: <c>/sekretariat</c> on the local host,
/// <c>/api/sekretariat</c> in the Functions app (the host prefixes every route). Only the local host has an outbox.
/// </summary>
public sealed record SecretariatRoutes(string Root, bool HasOutbox)
{
    public static readonly SecretariatRoutes Local = new("/sekretariat", HasOutbox: true);

    public static readonly SecretariatRoutes Functions = new("/api/sekretariat", HasOutbox: false);

    /// <summary>
    /// The secretariat's pages relative to Survey:PublicBaseUrl, which already carries the host's route prefix
    /// (".../api" in Azure, nothing locally): a mail's link to them is that address plus this.
    /// </summary>
    public const string FromPublicBase = "/sekretariat";
}
