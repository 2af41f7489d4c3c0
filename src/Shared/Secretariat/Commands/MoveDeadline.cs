using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "svarfrist": moves the deadline to a future Copenhagen time before the cycle closes. The page posts the cycle's
/// version, so a deadline moved by someone else in the meantime is not silently overwritten. With "besked" ticked
/// (an open cycle), the loop tells every invited jobcentre that has not submitted, once each (step
/// "deadline-moved-{n}", n counting the notices), through the send-once path.
/// </summary>
internal sealed class MoveDeadline(CycleRepository cycles, AuditLogRepository audit, TimeProvider time) : ISecretariatCommand
{
    /// <summary>The page's checkbox: tell the chiefs who have not submitted.</summary>
    public const string NoticeField = "besked";

    public string Name => "svarfrist";

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var text = form.One("svarfrist");
        var version = form.One("version");
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is null || cycle.State == CycleState.Closed)
        {
            return CommandOutcome.Refused(year, "Svarfristen kan kun flyttes, før opfølgningen er lukket.");
        }

        if (!DanishDateTimeInput.TryParse(text, out var local))
        {
            return CommandOutcome.Refused(year, $"Svarfristen \"{text}\" kunne ikke læses. Skriv dato og klokkeslæt, f.eks. 2027-03-05T23:59 eller 05-03-2027 23:59.");
        }

        var deadline = DanishDates.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        var now = time.GetUtcNow();
        if (deadline <= now)
        {
            return CommandOutcome.Refused(year, $"Den nye svarfrist ({DanishDates.DateAndTime(deadline)}) er overskredet allerede. Vælg et tidspunkt i fremtiden, eller luk opfølgningen.");
        }

        if (deadline <= cycle.OpensAt || deadline > cycle.OpensAt.AddDays(366))
        {
            return CommandOutcome.Refused(year, $"Svarfristen skal ligge efter åbningen ({DanishDates.DateAndTime(cycle.OpensAt)}) og inden for et år.");
        }

        if (!string.IsNullOrEmpty(version) && version != cycle.Version)
        {
            return CommandOutcome.Refused(year, "Opfølgningen er ændret, siden du åbnede siden (måske er svarfristen allerede flyttet). Se den nye svarfrist herunder og prøv igen.", 409);
        }

        var notify = form.One(NoticeField) == "ja" && cycle.State == CycleState.Open;
        var moved = cycle with { Deadline = deadline };
        if (notify)
        {
            moved = moved with { DeadlineNotice = cycle.DeadlineNotice + 1, DeadlineNoticeAt = now };
        }

        await cycles.UpdateAsync(moved, ct);
        var message = $"Svarfristen er flyttet fra {DanishDates.DateAndTime(cycle.Deadline)} til {DanishDates.DateAndTime(deadline)}." +
            (notify ? " Årshjulet sender nu besked om den nye svarfrist til de jobcentre, der ikke har indsendt." : "");
        await audit.AppendAsync(new AuditEntry(year, now, actor, "Flyttede svarfristen", message), ct);
        return CommandOutcome.Done(year, message);
    }
}

/// <summary>Reads a date-time the way the page's field (or a Danish user) writes it.</summary>
internal static class DanishDateTimeInput
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
