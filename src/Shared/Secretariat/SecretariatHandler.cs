using System.Globalization;
using System.Net.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The secretariat's page and commands, host-independent: the local host and the Functions app each
/// authenticate the user, pass the actor's name, and map the <see cref="PageResult"/>. Every command is written
/// to the audit log with who and when, and wakes the cycle loop with a SecretariatCommand signal.
/// </summary>
public sealed class SecretariatHandler(
    CycleStarter starter,
    CycleRepository cycles,
    CycleStateLoader loader,
    CycleActionRunner runner,
    JobcentreRepository directory,
    SendLogRepository sendLog,
    AuditLogRepository audit,
    ICycleSignals signals,
    TimeProvider time,
    ILogger<SecretariatHandler> logger,
    SecretariatRoutes routes,
    ISurveyMailer? surveyMailer = null)
{
    public async Task<PageResult> StatusAsync(string? year, string? message, CancellationToken ct) =>
        PageResult.Html(200, SecretariatPage.Render(await ViewAsync(await YearAsync(year, ct), ct), message, isError: false));

    public async Task<PageResult> CommandAsync(string command, FormFields form, string actor, CancellationToken ct)
    {
        int year;
        try
        {
            year = ParseYear(form.One("aar")) ?? await YearAsync(null, ct);
        }
        catch (FormFieldException e)
        {
            return await ErrorAsync(await YearAsync(null, ct), 400, e.Message, ct);
        }

        try
        {
            var result = command switch
            {
                "start" => await StartAsync(actor, ct),
                "paamind" => await RemindAsync(year, form.One("runde"), actor, ct),
                "svarfrist" => await MoveDeadlineAsync(year, form.One("svarfrist"), form.One("version"), actor, ct),
                "luk" => await CloseAsync(year, actor, ct),
                "nyt-link" => await NewLinkAsync(year, form.One("kommune"), actor, ct),
                _ => new CommandResult(year, 404, "Ukendt kommando."),
            };
            if (result.Status >= 400)
            {
                return await ErrorAsync(result.Year, result.Status, result.Message, ct);
            }

            await signals.RaiseAsync(new CycleSignal(result.Year, CycleSignalKind.SecretariatCommand, null, command), ct);
            return PageResult.Redirect($"{routes.Root}?aar={result.Year}&besked={Uri.EscapeDataString(result.Message)}");
        }
        catch (FormFieldException e)
        {
            return await ErrorAsync(year, 400, e.Message, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return await ErrorAsync(year, 409, "Opfølgningen blev ændret af en anden (eller af årshjulet) samtidig. Se den opdaterede side og prøv igen.", ct);
        }
    }

    public async Task<PageResult> ContactFormAsync(int code, CancellationToken ct)
    {
        var stored = await directory.GetAsync(code, ct);
        return stored is null
            ? PageResult.Html(404, HtmlLayout.Page("Ukendt jobcenter", $"<h1>Ukendt jobcenter</h1><p><a href=\"{routes.Root}\">Tilbage</a></p>"))
            : PageResult.Html(200, SecretariatPage.ContactForm(routes, stored.Jobcentre, stored.Version, null, null, false));
    }

    /// <summary>
    /// Saves a jobcentre's contact if nobody changed it since the form was opened. On a conflict the form comes
    /// back with the user's input intact, the stored values named, and the new version, so nothing is lost.
    /// Saving clears a recorded bounce: the secretariat has checked the address.
    /// </summary>
    public async Task<PageResult> SaveContactAsync(int code, FormFields form, string actor, CancellationToken ct)
    {
        var stored = await directory.GetAsync(code, ct);
        if (stored is null)
        {
            return await ContactFormAsync(code, ct);
        }

        ContactInput input;
        string version;
        try
        {
            input = new ContactInput(
                (form.One("chefnavn") ?? "").Trim(),
                (form.One("chefmail") ?? "").Trim(),
                (form.One("stedfortraeder") ?? "").Trim(),
                (form.One("stedfortraedermail") ?? "").Trim());
            version = form.One("version") ?? "";
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, SecretariatPage.ContactForm(routes, stored.Jobcentre, stored.Version, null, e.Message, true));
        }

        var problem = ValidateContact(input);
        if (problem is not null)
        {
            return PageResult.Html(400, SecretariatPage.ContactForm(routes, stored.Jobcentre, version, input, problem, true));
        }

        var j = stored.Jobcentre;
        var updated = j with
        {
            ChiefName = input.ChiefName,
            ChiefEmail = input.ChiefEmail,
            DeputyName = input.DeputyName.Length == 0 ? null : input.DeputyName,
            DeputyEmail = input.DeputyEmail.Length == 0 ? null : input.DeputyEmail,
            Bounce = null,
        };
        try
        {
            await directory.UpdateAsync(updated, version, ct);
        }
        catch (ConcurrencyConflictException)
        {
            var current = (await directory.GetAsync(code, ct))!;
            var message = $"{j.Name} blev ændret af en anden, mens du redigerede (nu: {current.Jobcentre.ChiefName} <{current.Jobcentre.ChiefEmail}>). " +
                "Dine ændringer er IKKE gemt endnu; de står i formularen herunder. Gem igen for at erstatte den andens ændring.";
            return PageResult.Html(409, SecretariatPage.ContactForm(routes, current.Jobcentre, current.Version, input, message, true));
        }

        var year = await YearAsync(null, ct);
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Rettede kontakten", $"{j.Name}: {j.ChiefName} <{j.ChiefEmail}> → {updated.ChiefName} <{updated.ChiefEmail}>{(j.Bounce is null ? "" : "; afvisning nulstillet")}"), ct);
        await signals.RaiseAsync(new CycleSignal(year, CycleSignalKind.SecretariatCommand, code, "kontakt"), ct);
        return PageResult.Redirect($"{routes.Root}?aar={year}&besked={Uri.EscapeDataString($"Kontakten for {j.Name} er gemt.")}");
    }

    private sealed record CommandResult(int Year, int Status, string Message);

    private async Task<CommandResult> StartAsync(string actor, CancellationToken ct)
    {
        var year = starter.YearToPlan();
        var cycle = (await starter.EnsureCycleAsync(year, actor, ct)).Cycle;
        if (cycle.State != CycleState.Planned)
        {
            return new(year, 200, $"Opfølgningen {year} er allerede startet.");
        }

        var now = time.GetUtcNow();
        if (cycle.OpensAt > now)
        {
            await cycles.UpdateAsync(cycle with { OpensAt = now }, ct);
        }

        await audit.AppendAsync(new AuditEntry(year, now, actor, "Startede opfølgningen nu", $"Planlagt åbning var {CopenhagenTime.LongText(cycle.OpensAt)}."), ct);
        return new(year, 200, $"Opfølgningen {year} er startet; invitationerne sendes nu.");
    }

    private async Task<CommandResult> RemindAsync(int year, string? roundText, string actor, CancellationToken ct)
    {
        if (!int.TryParse(roundText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 99)
        {
            return new(year, 400, "Påmindelsens nummer mangler eller er ugyldigt. Genindlæs siden og prøv igen.");
        }

        var snapshot = await loader.LoadAsync(year, ct);
        if (snapshot.Cycle?.State != CycleState.Open)
        {
            return new(year, 400, "Der kan kun sendes påmindelser, mens opfølgningen er åben.");
        }

        var mailer = surveyMailer ?? throw new InvalidOperationException("ISurveyMailer er ikke registreret.");
        var round = MailSteps.ManualRoundBase + n;
        var targets = snapshot.Jobcentres.Where(j => j.Active && j.Invited && !j.Submitted && !j.MailBlocked).ToList();
        var results = new List<SendLogEntry>();
        foreach (var j in targets)
        {
            results.Add(await mailer.SendReminderAsync(year, j.MunicipalityCode, round, ct));
        }

        var sent = results.Count(r => r.Status == SendStatus.Sent);
        var message = $"Manuel påmindelse nr. {n}: sendt til {sent} af {targets.Count} jobcentre, der ikke har indsendt." +
            (results.Count - sent > 0 ? $" {results.Count - sent} ikke sendt (se udsendelserne)." : "");
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Sendte påmindelse nu", message), ct);
        logger.LogInformation("Manual reminder {Round} for {Year}: {Sent} of {Targets} sent", n, year, sent, targets.Count);
        return new(year, 200, message);
    }

    private async Task<CommandResult> MoveDeadlineAsync(int year, string? text, string? version, string actor, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is null || cycle.State == CycleState.Closed)
        {
            return new(year, 400, "Svarfristen kan kun flyttes, før opfølgningen er lukket.");
        }

        if (!DanishDateTimeInput.TryParse(text, out var local))
        {
            return new(year, 400, $"Svarfristen \"{text}\" kunne ikke læses. Skriv dato og klokkeslæt, f.eks. 2027-03-05T23:59 eller 05-03-2027 23:59.");
        }

        var deadline = CopenhagenTime.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        var now = time.GetUtcNow();
        if (deadline <= now)
        {
            return new(year, 400, $"Den nye svarfrist ({CopenhagenTime.LongText(deadline)}) er overskredet allerede. Vælg et tidspunkt i fremtiden, eller luk opfølgningen.");
        }

        if (deadline <= cycle.OpensAt || deadline > cycle.OpensAt.AddDays(366))
        {
            return new(year, 400, $"Svarfristen skal ligge efter åbningen ({CopenhagenTime.LongText(cycle.OpensAt)}) og inden for et år.");
        }

        if (!string.IsNullOrEmpty(version) && version != cycle.Version)
        {
            return new(year, 409, "Opfølgningen er ændret, siden du åbnede siden (måske er svarfristen allerede flyttet). Se den nye svarfrist herunder og prøv igen.");
        }

        await cycles.UpdateAsync(cycle with { Deadline = deadline }, ct);
        var message = $"Svarfristen er flyttet fra {CopenhagenTime.LongText(cycle.Deadline)} til {CopenhagenTime.LongText(deadline)}.";
        await audit.AppendAsync(new AuditEntry(year, now, actor, "Flyttede svarfristen", message), ct);
        return new(year, 200, message);
    }

    private async Task<CommandResult> CloseAsync(int year, string actor, CancellationToken ct)
    {
        if (await cycles.GetAsync(year, ct) is null)
        {
            return new(year, 400, $"Opfølgningen for {year} findes ikke.");
        }

        var outcome = await runner.CloseAsync(year, CloseReasons.Secretariat, actor, ct);
        return new(year, 200, outcome == "Lukket." ? "Opfølgningen er lukket. Bilaget dannes nu." : "Opfølgningen var allerede lukket.");
    }

    private async Task<CommandResult> NewLinkAsync(int year, string? codeText, string actor, CancellationToken ct)
    {
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || await directory.GetAsync(code, ct) is not { } stored)
        {
            return new(year, 400, "Ukendt jobcenter.");
        }

        var mailer = surveyMailer ?? throw new InvalidOperationException("ISurveyMailer er ikke registreret.");
        var entry = await mailer.IssueAndSendNewLinkAsync(year, code, actor, ct);
        var message = entry.Status == SendStatus.Sent
            ? $"Nyt link udstedt og sendt til {stored.Jobcentre.Name} ({entry.To}). Det gamle link virker ikke længere."
            : $"Nyt link til {stored.Jobcentre.Name}: {SecretariatPage.StatusText(entry.Status)} – {entry.Reason}";
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Udstedte nyt link", message), ct);
        return new(year, entry.Status is SendStatus.Sent or SendStatus.Deferred ? 200 : 400, message);
    }

    private async Task<PageResult> ErrorAsync(int year, int status, string message, CancellationToken ct) =>
        PageResult.Html(status, SecretariatPage.Render(await ViewAsync(year, ct), message, isError: true));

    private async Task<SecretariatView> ViewAsync(int year, CancellationToken ct)
    {
        var snapshotTask = loader.LoadAsync(year, ct);
        var logTask = sendLog.ListAsync(year, ct);
        var auditTask = audit.ListAsync(year, 50, ct);
        var directoryTask = directory.ListAsync(ct);
        await Task.WhenAll(snapshotTask, logTask, auditTask, directoryTask);
        var log = await logTask;
        var nextManual = log.Select(e => MailSteps.RoundOf(e.Step)).Where(r => r is { } x && MailSteps.IsManualRound(x))
            .Select(r => r!.Value - MailSteps.ManualRoundBase).DefaultIfEmpty(0).Max() + 1;
        return new SecretariatView(year, await snapshotTask, log, await auditTask, (await directoryTask).ToDictionary(j => j.MunicipalityCode), time.GetUtcNow(), nextManual, routes);
    }

    /// <summary>The requested year, else the newest cycle, else the year the timer would plan.</summary>
    private async Task<int> YearAsync(string? requested, CancellationToken ct)
    {
        if (ParseYear(requested) is { } y)
        {
            return y;
        }

        var all = await cycles.ListAsync(ct);
        return all.Count > 0 ? all.Max(c => c.Year) : starter.YearToPlan();
    }

    /// <summary>A cycle year from a query or form field ("aar"), or null when missing or not a plausible year.</summary>
    public static int? ParseYear(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2200 ? y : null;

    private static string? ValidateContact(ContactInput input)
    {
        if (!FormText.IsSingleLine(input.ChiefName) || !FormText.IsSingleLine(input.DeputyName))
        {
            return "Et navn skal stå på én linje (uden linjeskift eller tabulator).";
        }

        if (!FormText.HasVisibleText(input.ChiefName) || input.ChiefName.Length > 200)
        {
            return "Skriv jobcenterchefens navn (højst 200 tegn).";
        }

        if (!IsEmail(input.ChiefEmail))
        {
            return $"\"{input.ChiefEmail}\" er ikke en gyldig e-mailadresse til jobcenterchefen.";
        }

        if (input.DeputyEmail.Length > 0 && !IsEmail(input.DeputyEmail))
        {
            return $"\"{input.DeputyEmail}\" er ikke en gyldig e-mailadresse til stedfortræderen.";
        }

        return input.DeputyName.Length > 200 ? "Stedfortræderens navn er for langt (højst 200 tegn)." : null;
    }

    private static bool IsEmail(string text) =>
        text.Length is > 3 and <= 254 && !text.Any(char.IsWhiteSpace) && MailAddress.TryCreate(text, out var a) && a.Address == text && a.Host.Contains('.', StringComparison.Ordinal);
}

/// <summary>Reads a date-time the way the page's field (or a Danish user) writes it.</summary>
public static class DanishDateTimeInput
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm",
        "dd-MM-yyyy HH:mm", "d-M-yyyy HH:mm", "dd.MM.yyyy HH:mm", "d.M.yyyy HH:mm", "dd/MM/yyyy HH:mm", "d/M/yyyy HH:mm",
        "dd-MM-yyyy HH.mm", "d-M-yyyy HH.mm", "d/M/yyyy HH.mm", "d.M.yyyy HH.mm",
    ];

    public static bool TryParse(string? text, out DateTime local) =>
        DateTime.TryParseExact((text ?? "").Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
}
