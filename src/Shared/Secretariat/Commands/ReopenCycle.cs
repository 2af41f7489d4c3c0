using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "genaabn": opens a closed cycle again with a new deadline, after a confirmation. The loop then mails every invited
/// jobcentre that had not submitted ("Opfølgningen er åbnet igen", step "reopened-{n}", once each), the links work
/// again, and the next close makes a new version of the bilag (the earlier one is kept).
/// </summary>
internal sealed class ReopenCycle(CycleRepository cycles, AuditLogRepository audit, TimeProvider time) : IConfirmedSecretariatCommand
{
    public string Name => "genaabn";

    public bool AllowedWhilePlanned => false;

    public string? RefuseState(int year, FollowUpCycle? cycle) =>
        cycle?.State == CycleState.Closed ? null : $"Kun en lukket opfølgning kan åbnes igen; {year} er ikke lukket.";

    public Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        if (ParseDeadline(snapshot.Cycle!, form.One("svarfrist")) is { Error: { } error })
        {
            return Task.FromResult(ConfirmationStep.Refuse(error));
        }

        var deadline = ParseDeadline(snapshot.Cycle!, form.One("svarfrist")).Deadline!.Value;
        var missing = snapshot.Jobcentres.Where(j => j.Active && !j.Submitted).ToList();
        var mailed = missing.Where(j => j.Invited && j.HasAddress && !j.MailBlocked).ToList();
        var fields = YearField(year);
        fields.Add(new("svarfrist", form.One("svarfrist") ?? ""));
        fields.Add(new("version", snapshot.Cycle!.Version));
        return Task.FromResult(ConfirmationStep.Show(new($"Åbn opfølgningen {year} igen?",
            [
                $"Opfølgningen åbner igen nu med svarfristen {DanishDates.DateAndTime(deadline)}. Jobcentrenes links virker igen, og de kan rette eller indsende deres svar.",
                $"{Count(mailed.Count, "jobcenter", "jobcentre")}, der ikke havde indsendt, får en mail om, at opfølgningen er åbnet igen, med deres link (se listen). Jobcentre, der har indsendt, får ingen mail.",
                "Når opfølgningen lukker igen, dannes en ny version af bilaget; den nuværende bevares under Dokumenter.",
            ],
            mailed.Select(j => $"{j.Name} – har ikke indsendt ({ResponseWord(j.ResponseState)})").ToList(),
            Name, fields, $"Ja, åbn {year} igen med ny svarfrist")));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (RefuseState(year, cycle) is { } refusal)
        {
            return CommandOutcome.Refused(year, refusal);
        }

        var parsed = ParseDeadline(cycle!, form.One("svarfrist"));
        if (parsed.Error is { } error)
        {
            return CommandOutcome.Refused(year, error);
        }

        if (form.One("version") is { Length: > 0 } version && version != cycle!.Version)
        {
            return CommandOutcome.Refused(year, "Opfølgningen er ændret, siden du åbnede siden. Se den opdaterede side og prøv igen.", 409);
        }

        var deadline = parsed.Deadline!.Value;
        var now = time.GetUtcNow();
        var reopened = cycle! with { State = CycleState.Open, Deadline = deadline, ClosedAt = null, ClosedReason = null, Reopened = cycle.Reopened + 1 };
        await cycles.UpdateAsync(reopened, ct);
        var message = $"Opfølgningen {year} er åbnet igen med svarfristen {DanishDates.DateAndTime(deadline)}. Årshjulet sender besked til de jobcentre, der ikke havde indsendt.";
        await audit.AppendAsync(new AuditEntry(year, now, actor, "Åbnede opfølgningen igen", message), ct);
        return CommandOutcome.Done(year, message);
    }

    private (DateTimeOffset? Deadline, string? Error) ParseDeadline(FollowUpCycle cycle, string? text)
    {
        if (!DanishDateTimeInput.TryParse(text, out var local))
        {
            return (null, $"Den nye svarfrist \"{text}\" kunne ikke læses. Skriv dato og klokkeslæt, f.eks. 2027-03-05T23:59 eller 05-03-2027 23:59.");
        }

        var deadline = DanishDates.ToUtc(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        if (deadline <= time.GetUtcNow())
        {
            return (null, $"Den nye svarfrist ({DanishDates.DateAndTime(deadline)}) er allerede overskredet. Vælg et tidspunkt i fremtiden.");
        }

        return deadline > cycle.OpensAt.AddDays(366)
            ? (null, $"Svarfristen skal ligge inden for et år efter åbningen ({DanishDates.DateAndTime(cycle.OpensAt)}).")
            : (deadline, null);
    }
}
