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
/// to the audit log with who and when, and asks (in its answer) for a SecretariatCommand signal to wake the cycle loop.
/// </summary>
public sealed class SecretariatHandler(
    CycleStarter starter,
    CycleRepository cycles,
    CycleStateLoader loader,
    CycleActionRunner runner,
    JobcentreRepository directory,
    SendLogRepository sendLog,
    AuditLogRepository audit,
    TimeProvider time,
    ILogger<SecretariatHandler> logger,
    SecretariatRoutes routes,
    CatalogueRepository catalogues,
    ResponseRepository responses,
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
            // Irreversible commands show what they will do first; only the confirmation page's own post acts.
            if (command is "paamind" or "luk" or "nyt-link" && form.One(SecretariatPage.ConfirmField) != SecretariatPage.ConfirmValue)
            {
                return await ConfirmAsync(command, year, form, ct);
            }

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

            return PageResult.Redirect($"{routes.Root}?aar={result.Year}&besked={Uri.EscapeDataString(result.Message)}")
                with { Signal = new CycleSignal(result.Year, CycleSignalKind.SecretariatCommand, null, command) };
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
            ? PageResult.Html(404, SecretariatPage.UnknownJobcentre(routes))
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
        return PageResult.Redirect($"{routes.Root}?aar={year}&besked={Uri.EscapeDataString($"Kontakten for {j.Name} er gemt.")}")
            with { Signal = new CycleSignal(year, CycleSignalKind.SecretariatCommand, code, "kontakt") };
    }

    private sealed record CommandResult(int Year, int Status, string Message);

    /// <summary>The confirmation page of an irreversible command: what will happen, and to how many.</summary>
    private async Task<PageResult> ConfirmAsync(string command, int year, FormFields form, CancellationToken ct)
    {
        var snapshot = await loader.LoadAsync(year, ct);
        var cycle = snapshot.Cycle;
        if (cycle is null || cycle.State != CycleState.Open && command != "luk" || cycle.State == CycleState.Closed)
        {
            return await ErrorAsync(year, 400, cycle?.State == CycleState.Closed
                ? $"Opfølgningen {year} er allerede lukket."
                : $"Opfølgningen {year} er ikke åben; kommandoen kan ikke bruges nu.", ct);
        }

        var fields = new List<KeyValuePair<string, string>> { new("aar", year.ToString(CultureInfo.InvariantCulture)) };
        SecretariatPage.Confirmation confirmation;
        switch (command)
        {
            case "paamind":
            {
                var round = form.One("runde") ?? "";
                fields.Add(new("runde", round));
                var targets = snapshot.Jobcentres.Where(j => j.Active && j.Invited && !j.Submitted && !j.MailBlocked).ToList();
                confirmation = new($"Send påmindelse til {Count(targets.Count, "jobcenter", "jobcentre")} nu?",
                    [
                        $"En påmindelse (manuel nr. {round}) sendes nu til {Count(targets.Count, "jobcenter", "jobcentre")}, der er inviteret og ikke har indsendt. Hver mail beskriver, hvor jobcentret er (ikke åbnet, kladde, hvad der mangler), og har jobcentrets personlige link.",
                        "En sendt mail kan ikke kaldes tilbage. Jobcentre med afvist mailadresse springes over.",
                    ],
                    targets.Select(j => $"{j.Name} ({ResponseWord(j.ResponseState)})").ToList(),
                    command, fields, $"Ja, send {Count(targets.Count, "påmindelse", "påmindelser")} nu");
                break;
            }

            case "luk":
            {
                var active = snapshot.Jobcentres.Where(j => j.Active).ToList();
                var missing = active.Where(j => !j.Submitted).ToList();
                confirmation = new($"Luk opfølgningen {year} nu?",
                    [
                        $"Opfølgningen lukkes nu, før svarfristen {DanishDates.DateAndTime(cycle.Deadline)}. Alle {active.Count} jobcentres links holder op med at virke med det samme, og bilaget dannes med de svar, der er indsendt.",
                        $"{active.Count - missing.Count} af {active.Count} har indsendt. {Count(missing.Count, "jobcenter", "jobcentre")} har ikke; de kan ikke længere svare, og deres kladder kommer ikke med.",
                        "Jobcentrene får at vide, at sekretariatet har lukket opfølgningen (ikke at svarfristen er overskredet). En lukket opfølgning kan ikke åbnes igen.",
                    ],
                    missing.Select(j => $"{j.Name} – har ikke indsendt ({ResponseWord(j.ResponseState)})").ToList(),
                    command, fields, "Ja, luk opfølgningen nu");
                break;
            }

            default:
            {
                var codeText = form.One("kommune") ?? "";
                if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || await directory.GetAsync(code, ct) is not { } stored)
                {
                    return await ErrorAsync(year, 400, "Ukendt jobcenter.", ct);
                }

                fields.Add(new("kommune", codeText));
                var j = stored.Jobcentre;
                confirmation = new($"Nyt link til {j.Name}?",
                    [
                        $"Et nyt personligt link udstedes og sendes til {j.ChiefName} <{j.ChiefEmail}>. Det nuværende link holder op med at virke med det samme – også hvis nogen har det åbent.",
                        "Det, jobcentret har gemt eller indsendt, bevares.",
                    ],
                    [], command, fields, $"Ja, udsted nyt link til {j.Name}");
                break;
            }
        }

        return PageResult.Html(200, SecretariatPage.ConfirmationPage(routes, year, confirmation));
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many}";

    private static string ResponseWord(ResponseState state) => state switch
    {
        ResponseState.NotOpened => "ikke åbnet",
        ResponseState.Opened => "åbnet",
        ResponseState.Draft => "kladde",
        _ => "indsendt",
    };

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

        await audit.AppendAsync(new AuditEntry(year, now, actor, "Startede opfølgningen nu", $"Planlagt åbning var {DanishDates.DateAndTime(cycle.OpensAt)}."), ct);
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

        var deadline = DanishDates.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        var now = time.GetUtcNow();
        if (deadline <= now)
        {
            return new(year, 400, $"Den nye svarfrist ({DanishDates.DateAndTime(deadline)}) er overskredet allerede. Vælg et tidspunkt i fremtiden, eller luk opfølgningen.");
        }

        if (deadline <= cycle.OpensAt || deadline > cycle.OpensAt.AddDays(366))
        {
            return new(year, 400, $"Svarfristen skal ligge efter åbningen ({DanishDates.DateAndTime(cycle.OpensAt)}) og inden for et år.");
        }

        if (!string.IsNullOrEmpty(version) && version != cycle.Version)
        {
            return new(year, 409, "Opfølgningen er ændret, siden du åbnede siden (måske er svarfristen allerede flyttet). Se den nye svarfrist herunder og prøv igen.");
        }

        await cycles.UpdateAsync(cycle with { Deadline = deadline }, ct);
        var message = $"Svarfristen er flyttet fra {DanishDates.DateAndTime(cycle.Deadline)} til {DanishDates.DateAndTime(deadline)}.";
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
        var read = await new SecretariatStatusReader(cycles, loader, directory, responses, sendLog, audit, catalogues).ReadAsync(year, ct);
        var nextManual = read.SendLog.Select(e => MailSteps.RoundOf(e.Step)).Where(r => r is { } x && MailSteps.IsManualRound(x))
            .Select(r => r!.Value - MailSteps.ManualRoundBase).DefaultIfEmpty(0).Max() + 1;
        return new SecretariatView(year, read.Snapshot, read.SendLog, read.Audit, read.Directory, time.GetUtcNow(), nextManual, routes)
        {
            Years = read.Years,
            Catalogue = read.Catalogue,
            Responses = read.Responses,
        };
    }

    /// <summary>
    /// The requested year, else the year that matters: the open cycle, else the newest closed one, else the newest
    /// planned one, else the year the timer would plan. A planned later year never hides this year's results.
    /// </summary>
    private async Task<int> YearAsync(string? requested, CancellationToken ct)
    {
        if (ParseYear(requested) is { } y)
        {
            return y;
        }

        return YearThatMatters(await cycles.ListCachedAsync(ct)) ?? starter.YearToPlan();
    }

    /// <summary>The open cycle's year, else the newest closed, else the newest planned; null when there is none.</summary>
    public static int? YearThatMatters(IEnumerable<FollowUpCycle> all)
    {
        var list = all.ToList();
        foreach (var state in new[] { CycleState.Open, CycleState.Closed, CycleState.Planned })
        {
            if (list.Where(c => c.State == state).Select(c => (int?)c.Year).Max() is { } year)
            {
                return year;
            }
        }

        return null;
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
