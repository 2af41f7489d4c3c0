using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "paamind": asks the loop for a manual reminder round to every invited jobcentre that has not submitted (and whose
/// address has not bounced). The POST only records the request in the cycle row and wakes the loop, which sends the
/// round through the same send-once path as the planned reminders (step "reminder-{100 + n}", once per jobcentre), so
/// a kill loses nothing and the request never runs past the platform's request limit. The minimum gap between mails
/// holds a jobcentre back until it has passed, unless the secretariat explicitly overrides it.
/// </summary>
internal sealed class SendReminders(CycleRepository cycles, AuditLogRepository audit, TimeProvider time) : IConfirmedSecretariatCommand
{
    public const string OverrideField = "tilsidesaet";

    public string Name => "paamind";

    public bool AllowedWhilePlanned => false;

    public Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        var round = form.One("runde") ?? "";
        var fields = YearField(year);
        fields.Add(new("runde", round));
        var cycle = snapshot.Cycle!;
        var (now, held) = CycleDecider.ManualReminderTargets(snapshot, time.GetUtcNow());
        var gap = Hours(cycle.Reminders.MinimumGapBetweenMails);
        var all = now.Count + held.Count;
        var paragraphs = new List<string>
        {
            $"En påmindelse (manuel nr. {round}) sendes til {Count(all, "jobcenter", "jobcentre")}, der er inviteret og ikke har indsendt. Årshjulet sender den inden for et minut; hver mail beskriver, hvor jobcentret er (ikke åbnet, kladde, hvad der mangler), og har jobcentrets personlige link.",
        };
        if (held.Count > 0)
        {
            paragraphs.Add($"{Count(held.Count, "jobcenter", "jobcentre")} har fået en mail for under {gap} timer siden og får påmindelsen først, når der er gået {gap} timer (se listen). Vil I sende til dem nu alligevel, så vælg \"Send til alle nu\".");
        }

        paragraphs.Add("Jobcentre, der indsender inden da, får ingen påmindelse. En sendt mail kan ikke kaldes tilbage. Jobcentre med afvist mailadresse springes over.");
        var affected = now.Select(j => $"{j.Name} ({ResponseWord(j.ResponseState)}) – nu")
            .Concat(held.Select(h => $"{h.Jobcentre.Name} ({ResponseWord(h.Jobcentre.ResponseState)}) – venter til {DanishDates.DateAndTime(h.Until)} (mindst {gap} timer mellem to mails)"))
            .ToList();
        var confirmation = new SecretariatPage.Confirmation(
            $"Send påmindelse til {Count(all, "jobcenter", "jobcentre")}?",
            paragraphs,
            affected,
            Name,
            fields,
            held.Count > 0 ? $"Ja, send nu til {now.Count} og senere til {held.Count}" : $"Ja, send {Count(now.Count, "påmindelse", "påmindelser")} nu")
        {
            AlternativeLabel = held.Count > 0 ? $"Send til alle {all} nu (tilsidesæt de {gap} timer)" : null,
            AlternativeField = held.Count > 0 ? OverrideField : null,
        };
        return Task.FromResult(ConfirmationStep.Show(confirmation));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (!int.TryParse(form.One("runde"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 99)
        {
            return CommandOutcome.Refused(year, "Påmindelsens nummer mangler eller er ugyldigt. Genindlæs siden og prøv igen.");
        }

        var cycle = await cycles.GetAsync(year, ct);
        if (cycle?.State != CycleState.Open)
        {
            return CommandOutcome.Refused(year, "Der kan kun sendes påmindelser, mens opfølgningen er åben.");
        }

        if (cycle.ManualReminder is { } earlier && earlier.Number >= n)
        {
            // A second post of the same page (double click, reload): the round is already asked for.
            return CommandOutcome.Done(year, $"Manuel påmindelse nr. {earlier.Number} er allerede bestilt; årshjulet sender den.");
        }

        var ignoreGap = form.One(OverrideField) == "ja";
        var now = time.GetUtcNow();
        await cycles.UpdateAsync(cycle with { ManualReminder = new ManualReminderRequest(n, now, ignoreGap) }, ct);
        var message = $"Manuel påmindelse nr. {n} er bestilt; årshjulet sender den nu til dem, der ikke har indsendt" +
            (ignoreGap ? ", også til dem, der har fået en mail for nylig." : $" (mindst {Hours(cycle.Reminders.MinimumGapBetweenMails)} timer efter deres seneste mail). Se \"Næste mail\" for hvert jobcenter.");
        await audit.AppendAsync(new AuditEntry(year, now, actor, "Bestilte påmindelse nu", message), ct);
        return CommandOutcome.Done(year, message);
    }

    private static string Hours(TimeSpan gap) => ((int)gap.TotalHours).ToString(CultureInfo.InvariantCulture);
}
