using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Everything the status page shows, read in one go.</summary>
public sealed record SecretariatView(
    int Year,
    CycleSnapshot Snapshot,
    IReadOnlyList<SendLogEntry> SendLog,
    IReadOnlyDictionary<int, Jobcentre> Directory,
    DateTimeOffset Now,
    int NextManualRound,
    bool ShowOutboxLink)
{
    /// <summary>The years that have a cycle (for the year switch), newest first.</summary>
    public IReadOnlyList<CycleYear> Years { get; init; } = [];

    /// <summary>The cycle's catalogue, for the matrix; null before the cycle exists.</summary>
    public Domain.Catalogue? Catalogue { get; init; }

    /// <summary>Each jobcentre's response this year, by municipality code.</summary>
    public IReadOnlyDictionary<int, SurveyResponse> Responses { get; init; } = new Dictionary<int, SurveyResponse>();
}

/// <summary>One year in the year switch.</summary>
public sealed record CycleYear(int Year, CycleState State);

/// <summary>
/// The secretariat's pages (Danish), as views: the status page (<see cref="SecretariatStatus"/>), the confirmation
/// page of an irreversible command (<see cref="CommandConfirmation"/>) and a jobcentre's contact form
/// (<see cref="Views.ContactForm"/>); and the Danish words for states that the pages and the start page share.
/// </summary>
public static class SecretariatPage
{
    public static string Render(SecretariatView v, string? message, bool isError) =>
        HtmlViewRenderer.Render<SecretariatStatus, SecretariatStatusModel>(new(v, PageMessage.From(message, isError)));

    /// <summary>The audit log of a year, newest first: a page of its own, linked from the status page.</summary>
    public static string RenderAuditLog(int year, IReadOnlyList<AuditEntry> entries) =>
        HtmlViewRenderer.Render<AuditLog, AuditLogModel>(new(year, entries));

    public static string StateText(FollowUpCycle c) => c.State switch
    {
        CycleState.Planned => "Planlagt",
        CycleState.Open => "Åben",
        _ => $"Lukket {(c.ClosedAt is { } at ? DanishDates.DateAndTime(at) : "")} – {CloseReasonText.Of(c)}",
    };

    /// <summary>A cycle's state in one Danish word, for the year switch and the start page.</summary>
    public static string StateWord(CycleState state) => state switch
    {
        CycleState.Planned => "planlagt",
        CycleState.Open => "åben",
        _ => "lukket",
    };

    public static string ResponseText(JobcentreCycleState j) => j.ResponseState switch
    {
        ResponseState.NotOpened => "Ikke åbnet",
        ResponseState.Draft => "Kladde",
        _ => "Indsendt",
    };

    /// <summary>What an irreversible command will do, asked before it is done.</summary>
    public sealed record Confirmation(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Affected, string Command, IReadOnlyList<KeyValuePair<string, string>> Fields, string ConfirmLabel)
    {
        /// <summary>A second, explicit choice on the same page (e.g. override the minimum gap): its button posts <see cref="AlternativeField"/>=ja.</summary>
        public string? AlternativeLabel { get; init; }

        public string? AlternativeField { get; init; }
    }

    /// <summary>
    /// The confirmation page: a plain form that posts the same command again with "bekraeft=ja", so it works
    /// without JavaScript; "Annullér" is a link back that changes nothing.
    /// </summary>
    public static string ConfirmationPage(int year, Confirmation c) =>
        HtmlViewRenderer.Render<CommandConfirmation, CommandConfirmationModel>(new(year, c));

    /// <summary>The field that says the secretariat has seen the confirmation page.</summary>
    public const string ConfirmField = "bekraeft";

    public const string ConfirmValue = "ja";

    public static string StatusText(SendStatus status) => status switch
    {
        SendStatus.Sending => "sendes",
        SendStatus.Sent => "sendt",
        SendStatus.Skipped => "ikke sendt",
        SendStatus.Deferred => "udsat",
        _ => "fejlet",
    };

    /// <summary>The contact form; <paramref name="entered"/> keeps what the user typed after a conflict or an error.</summary>
    public static string ContactForm(Jobcentre stored, string version, ContactInput? entered, string? message, bool isError) =>
        HtmlViewRenderer.Render<Views.ContactForm, ContactFormModel>(new(stored, version, entered, PageMessage.From(message, isError)));

    /// <summary>
    /// An address that only a button posts to, opened directly (typed, bookmarked, or a link followed): a Danish page
    /// with the way back instead of the host's blank 405. Nothing is done.
    /// </summary>
    public static PageResult ButtonAddressOpened() =>
        PageResult.Html(405, HtmlViewRenderer.Render<Views.ButtonAddress>(new Dictionary<string, object?>()))
            with { Headers = new Dictionary<string, string> { ["Allow"] = "POST" } };

    /// <summary>The page for a jobcentre that is not in the directory.</summary>
    public static string UnknownJobcentre() =>
        HtmlViewRenderer.Render<Views.UnknownJobcentre>(new Dictionary<string, object?>());
}

/// <summary>What the secretariat typed in the contact form.</summary>
public sealed record ContactInput(string ChiefName, string ChiefEmail, string DeputyName, string DeputyEmail);
