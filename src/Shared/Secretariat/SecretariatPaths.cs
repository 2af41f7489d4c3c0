namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// Where the secretariat's pages live, as the browser sees them and the same in both hosts (host.json sets no route
/// prefix). One place for the paths the pages, the mails and the hosts' route maps share.
/// </summary>
public static class SecretariatPaths
{
    /// <summary>The status page; everything under it needs the secretariat's sign-in.</summary>
    public const string Root = "/sekretariat";

    public const string Documents = Root + "/dokumenter";

    public const string YearImport = Root + "/indlaes";

    /// <summary>The cycle loop's page (<see cref="Cycle.CycleInstanceControl"/>).</summary>
    public const string CycleLoop = Root + "/aarshjul";

    /// <summary>The local host's outbox of "sent" mails; Azure has none.</summary>
    public const string Outbox = Root + "/udbakke";

    /// <summary>The irreversible and ordinary commands post to this path plus the command's name.</summary>
    public const string Commands = Root + "/kommando";

    /// <summary>A jobcentre's contact form.</summary>
    public const string Jobcentre = Root + "/jobcenter";

    /// <summary>The query value of <see cref="Root"/> that shows a year's audit log instead of its status (<c>?aar=…&amp;vis=log</c>).</summary>
    public const string AuditLogView = "log";

    /// <summary>A year's recommendations and schedule (<see cref="YearContent.YearContentPage"/>), followed by the year.</summary>
    public const string Recommendations = Root + "/anbefalinger";
}
