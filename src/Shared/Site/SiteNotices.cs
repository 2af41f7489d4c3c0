namespace Fremdrift.Shared.Site;

/// <summary>
/// The links every page footer and every mail carry (<see cref="Web.Views.PageLayout"/>, <see cref="Web.Views.MailFrame"/>).
/// The frames are rendered by a static renderer from their models alone, and every page and mail of every feature
/// goes through them; rather than thread two settings through each view's model, the host sets them here once at
/// start (<see cref="SiteNoticesStartup"/>): they are configuration, the same for the whole process. Whether the
/// reader is the secretariat (who gets a Danish line naming a missing setting; a chief sees nothing in its place) is
/// per request, set by the secretariat's sign-in gate in each host for the request's flow.
/// </summary>
public static class SiteNotices
{
    private static SiteLinks _configured = SiteLinks.None;
    private static readonly AsyncLocal<SiteLinks?> Override = new();
    private static readonly AsyncLocal<bool> Secretariat = new();

    /// <summary>The links for the current render.</summary>
    public static SiteLinks Current => Override.Value ?? Volatile.Read(ref _configured);

    /// <summary>True inside a request the secretariat's gate admitted.</summary>
    public static bool ForSecretariatReader => Secretariat.Value;

    /// <summary>Set by the host at start from <see cref="SiteOptions"/>.</summary>
    public static void Configure(SiteLinks links) => Volatile.Write(ref _configured, links);

    /// <summary>Marks the rest of this request's flow as the secretariat's (the gate of each host calls it).</summary>
    public static void MarkSecretariatReader() => Secretariat.Value = true;

    /// <summary>Other links for the current flow only (tests render with known values without touching the host's).</summary>
    public static IDisposable Use(SiteLinks links)
    {
        var before = Override.Value;
        Override.Value = links;
        return new Restore(() => Override.Value = before);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
