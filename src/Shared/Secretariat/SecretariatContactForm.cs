using System.Net.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The secretariat's form for a jobcentre's contact (<c>/sekretariat/jobcenter/{code}</c>): the chief and the deputy
/// who get the mails. A save is written to the audit log and asks for a signal, so the loop sees a corrected address.
/// </summary>
public sealed class SecretariatContactForm(
    JobcentreRepository directory,
    AuditLogRepository audit,
    SecretariatHandler statusPage,
    TimeProvider time)
{
    public async Task<PageResult> ShowAsync(int code, CancellationToken ct)
    {
        var stored = await directory.GetAsync(code, ct);
        return stored is null
            ? PageResult.Html(404, SecretariatPage.UnknownJobcentre())
            : PageResult.Html(200, SecretariatPage.ContactForm(stored.Jobcentre, stored.Version, null, null, false));
    }

    /// <summary>
    /// Saves a jobcentre's contact if nobody changed it since the form was opened. On a conflict the form comes
    /// back with the user's input intact, the stored values named, and the new version, so nothing is lost.
    /// Saving clears a recorded bounce: the secretariat has checked the address.
    /// </summary>
    public async Task<PageResult> SaveAsync(int code, FormFields form, string actor, CancellationToken ct)
    {
        var stored = await directory.GetAsync(code, ct);
        if (stored is null)
        {
            return await ShowAsync(code, ct);
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
            return PageResult.Html(400, SecretariatPage.ContactForm(stored.Jobcentre, stored.Version, null, e.Message, true));
        }

        var problem = ValidateContact(input);
        if (problem is not null)
        {
            return PageResult.Html(400, SecretariatPage.ContactForm(stored.Jobcentre, version, input, problem, true));
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
            return PageResult.Html(409, SecretariatPage.ContactForm(current.Jobcentre, current.Version, input, message, true));
        }

        var year = await statusPage.YearAsync(null, ct);
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Rettede kontakten", $"{j.Name}: {j.ChiefName} <{j.ChiefEmail}> → {updated.ChiefName} <{updated.ChiefEmail}>{(j.Bounce is null ? "" : "; afvisning nulstillet")}"), ct);
        return PageResult.Redirect($"{SecretariatPaths.Root}?aar={year}&besked={Uri.EscapeDataString($"Kontakten for {j.Name} er gemt.")}")
            with { Signal = new CycleSignal(year, CycleSignalKind.SecretariatCommand, code, "kontakt") };
    }

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
