using System.Globalization;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts.Views;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.MailTexts;

/// <summary>
/// The secretariat's editor of a year's mail texts (<c>/sekretariat/mailtekster/{år}</c>), for both hosts: each
/// mail's subject and body as plain text with placeholders, a preview with a real jobcentre's values from the
/// directory, save with the ETag the editor was shown, an audit entry per save. A text is locked for the year once
/// the send log holds that mail as sent to anyone: what went out and what the next chief gets stay the same.
/// </summary>
public sealed class MailTextsEditor(
    MailTextRepository texts,
    SendLogRepository sendLog,
    JobcentreRepository directory,
    CycleRepository cycles,
    AuditLogRepository audit,
    ISurveyPublicUrl publicUrl,
    IOptions<MailOptions> mailOptions,
    IOptions<CycleOptions> cycleOptions,
    TimeProvider time)
{
    public const string Path = SecretariatPaths.Root + "/mailtekster";

    public static string PageUrl(int year) => Path + "/" + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The editor for <paramref name="kindKey"/> (the first mail when absent), with its stored text and a preview.</summary>
    public async Task<PageResult> ShowAsync(int year, string? kindKey, string? jobcentre, string? message, CancellationToken ct)
    {
        if (!ValidYear(year))
        {
            return PageResult.Html(404, HtmlLayout.MessagePage("Mailtekster", "Mailtekster", $"{year} er ikke et år, Fremdrift kan have mailtekster for."));
        }

        var kind = MailTextKinds.Find(kindKey) ?? MailTextKinds.All[0];
        var state = await ReadAsync(year, ct);
        var stored = state.Stored.GetValueOrDefault(kind.Key);
        var text = stored?.Text ?? kind.Default;
        var code = int.TryParse(jobcentre, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : (int?)null;
        var page = await PageAsync(year, kind, state, text, stored?.Version ?? "", code, [], PageMessage.From(message, false), ct);
        return PageResult.Html(200, page);
    }

    /// <summary>
    /// "Forhåndsvis" shows the typed text with the chosen jobcentre's values and saves nothing; "Gem teksten" and
    /// "Gendan standardteksten" save, unless the text is locked, invalid or changed by someone else meanwhile. Every
    /// refusal comes back with what was typed, so nothing is lost.
    /// </summary>
    public async Task<PageResult> PostAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (!ValidYear(year))
        {
            return PageResult.Html(404, HtmlLayout.MessagePage("Mailtekster", "Mailtekster", $"{year} er ikke et år, Fremdrift kan have mailtekster for."));
        }

        string? kindKey, subject, body, version, action, jobcentre;
        try
        {
            kindKey = form.One("mail");
            subject = form.One("emne") ?? "";
            body = form.One("tekst") ?? "";
            version = form.One("version") ?? "";
            action = form.One("handling") ?? "vis";
            jobcentre = form.One("jobcenter");
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, HtmlLayout.MessagePage("Mailtekster", "Formularen kunne ikke læses", e.Message + " Intet er gemt; gå tilbage og prøv igen."));
        }

        var kind = MailTextKinds.Find(kindKey);
        if (kind is null)
        {
            return PageResult.Html(400, HtmlLayout.MessagePage("Mailtekster", "Ukendt mail", "Formularen nævner en mail, der ikke har en redigerbar tekst. Intet er gemt."));
        }

        var code = int.TryParse(jobcentre, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : (int?)null;
        var entered = action == "standard" ? kind.Default : new MailText(subject.Trim(), body.ReplaceLineEndings("\n").TrimEnd());
        var state = await ReadAsync(year, ct);
        var problems = MailTemplate.Validate(kind, entered);

        if (action == "vis")
        {
            return PageResult.Html(problems.Count == 0 ? 200 : 400, await PageAsync(year, kind, state, entered, version, code, problems, null, ct));
        }

        if (action is not ("gem" or "standard"))
        {
            return PageResult.Html(400, await PageAsync(year, kind, state, entered, version, code, [], new PageMessage("Ukendt handling; intet er gemt.", true), ct));
        }

        if (state.LockedBy(kind) is { } sent)
        {
            var locked = $"{kind.Name} for {year} er sendt ({DanishDates.DateAndTime(sent.At)} første gang), så teksten kan ikke ændres længere i {year}. Din tekst er IKKE gemt; den står herunder, så du kan kopiere den til næste år.";
            return PageResult.Html(409, await PageAsync(year, kind, state, entered, version, code, [], new PageMessage(locked, true), ct));
        }

        if (problems.Count > 0)
        {
            return PageResult.Html(400, await PageAsync(year, kind, state, entered, version, code, problems, null, ct));
        }

        try
        {
            await texts.SaveAsync(year, kind.Key, entered, version, actor, time.GetUtcNow(), ct);
        }
        catch (ConcurrencyConflictException)
        {
            var current = await texts.GetAsync(year, kind.Key, ct);
            var who = current is null ? "" : $" ({current.ChangedBy}, {DanishDates.DateAndTime(current.ChangedAt)})";
            var conflict = $"Teksten til {kind.Name} blev ændret af en anden{who}, mens du redigerede. Din tekst er IKKE gemt; den står herunder. Gem igen for at erstatte den andens tekst med din.";
            return PageResult.Html(409, await PageAsync(year, kind, await ReadAsync(year, ct), entered, current?.Version ?? "", code, [], new PageMessage(conflict, true), ct));
        }

        var what = action == "standard" ? "gendannet til standardteksten" : "gemt";
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Rettede mailtekst", $"{kind.Name}: {what}. Emne: {entered.Subject}"), ct);
        var done = $"Teksten til {kind.Name} for {year} er {what}.";
        return PageResult.Redirect($"{PageUrl(year)}?mail={kind.Key}&besked={Uri.EscapeDataString(done)}");
    }

    private static bool ValidYear(int year) => year is >= 2000 and <= 2200;

    /// <summary>The year's stored texts and sent mail steps, read once per request.</summary>
    private sealed record YearState(IReadOnlyDictionary<string, StoredMailText> Stored, IReadOnlyList<SendLogEntry> SendLog)
    {
        /// <summary>The first send-log entry that shows <paramref name="kind"/> sent this year, or null while it is editable.</summary>
        public SendLogEntry? LockedBy(MailTextKind kind) => SendLog.Where(kind.LockedBy).OrderBy(e => e.At).FirstOrDefault();
    }

    private async Task<YearState> ReadAsync(int year, CancellationToken ct) =>
        new(await texts.ListAsync(year, ct), await sendLog.ListAsync(year, ct));

    private async Task<string> PageAsync(int year, MailTextKind kind, YearState state, MailText text, string version, int? code, IReadOnlyList<string> problems, PageMessage? message, CancellationToken ct)
    {
        var jobcentres = (await directory.ListAsync(ct)).Where(j => j.Active).ToList();
        var chosen = jobcentres.FirstOrDefault(j => j.MunicipalityCode == code) ?? jobcentres.FirstOrDefault();
        var rendered = problems.Count == 0 ? await PreviewAsync(year, kind, text, chosen, ct) : null;
        var rows = MailTextKinds.All.Select(k => new MailTextRow(k, state.Stored.GetValueOrDefault(k.Key), state.LockedBy(k))).ToList();
        var model = new MailTextsPageModel(year, rows, kind, text, version, state.LockedBy(kind), jobcentres, chosen, rendered, problems, message);
        return HtmlViewRenderer.Render<MailTextsPage, MailTextsPageModel>(model);
    }

    /// <summary>
    /// The mail as <paramref name="jobcentre"/> would get it: its name, chief and municipality from the directory, the
    /// year's deadline (the cycle's, else the planned one), an example link that opens nothing (a preview issues no
    /// link), and for reminders an example draft with two things missing.
    /// </summary>
    private async Task<RenderedMail?> PreviewAsync(int year, MailTextKind kind, MailText text, Jobcentre? jobcentre, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        var opens = cycle?.OpensAt ?? CycleSchedule.DefaultOpensAt(year, cycleOptions.Value);
        var deadline = cycle?.Deadline ?? CycleSchedule.DefaultDeadline(year, cycleOptions.Value);
        var now = time.GetUtcNow();
        var sendAt = now < opens ? opens : now;
        var baseUrl = BaseUrl();

        if (kind == MailTextKinds.BilagReady)
        {
            var active = Math.Max(1, (await directory.ListAsync(ct)).Count(j => j.Active));
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["år"] = year.ToString(CultureInfo.InvariantCulture),
                ["dannet"] = DanishDates.DateAndTime(deadline.AddDays(1)),
                ["svarprocent"] = DocumentText.ResponseRate(active * 2 / 3, active),
                ["filnavn"] = $"Bilag status for anbefalinger {year} v1.docx",
            };
            return MailTemplate.Render(kind, text, new MailTextValues(values, baseUrl + SecretariatPaths.Documents + "?aar=" + year.ToString(CultureInfo.InvariantCulture), []));
        }

        if (jobcentre is null)
        {
            return null;
        }

        var chiefValues = MailTextMails.ChiefValues(jobcentre, year, mailOptions.Value.SecretariatContact, deadline, sendAt);
        IReadOnlyList<string> missing = [];
        if (MailTextKinds.Reminders.Contains(kind))
        {
            var example = new ReminderState(true, sendAt.AddDays(-3), [new RequiredItem("V2", "Mangler status"), new RequiredItem("B1", "Skriv en bemærkning til Gul eller Rød")]);
            (chiefValues["status"], missing) = MailTextMails.ReminderStatus(example);
        }

        return MailTemplate.Render(kind, text, new MailTextValues(chiefValues, baseUrl + "/skema/eksempel-paa-personligt-link", missing));
    }

    private string BaseUrl()
    {
        try
        {
            return publicUrl.BaseUrl;
        }
        catch (InvalidOperationException)
        {
            // No public address configured (a misconfigured host): the preview still shows where the link goes.
            return "https://fremdrift.example";
        }
    }
}
