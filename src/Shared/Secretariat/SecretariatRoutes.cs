namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// Where the secretariat's pages live as the browser sees them: <c>/sekretariat</c> in both hosts (host.json sets no
/// route prefix). What differs is that only the local host has an outbox.
/// </summary>
public sealed record SecretariatRoutes(string Root, bool HasOutbox)
{
    public static readonly SecretariatRoutes Local = new(FromPublicBase, HasOutbox: true);

    public static readonly SecretariatRoutes Functions = new(FromPublicBase, HasOutbox: false);

    /// <summary>The secretariat's pages relative to Survey:PublicBaseUrl (the site's root in both hosts).</summary>
    public const string FromPublicBase = "/sekretariat";
}
