using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Options;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "start": opens the posted year now instead of at its planned time, after a confirmation; the loop then sends the
/// invitations. Only that year: a year whose deadline has passed is refused, and so is one beyond next year.
/// </summary>
internal sealed class StartCycle(CycleStarter starter, CycleRepository cycles, AuditLogRepository audit, TimeProvider time, IOptions<CycleOptions> options) : IConfirmedSecretariatCommand
{
    public string Name => "start";

    public bool AllowedWhilePlanned => true;

    public string? RefuseState(int year, FollowUpCycle? cycle) => cycle switch
    {
        { State: CycleState.Open } => $"Opfølgningen {year} er allerede startet.",
        { State: CycleState.Closed } => $"Opfølgningen {year} er lukket; den kan åbnes igen med en ny svarfrist.",
        _ => RefuseYear(year, cycle),
    };

    public Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        var deadline = snapshot.Cycle?.Deadline ?? CycleSchedule.DefaultDeadline(year, options.Value);
        var active = snapshot.Jobcentres.Where(j => j.Active).ToList();
        var count = snapshot.Cycle is null ? "alle aktive jobcentre" : Count(active.Count(j => j.HasAddress && !j.MailBlocked), "jobcenter", "jobcentre");
        return Task.FromResult(ConfirmationStep.Show(new($"Start opfølgningen {year} nu?",
            [
                $"Opfølgningen {year} åbner nu i stedet for {(snapshot.Cycle is { } c ? DanishDates.DateAndTime(c.OpensAt) : "på den planlagte dag")}, og årshjulet sender invitationen til {count} med det samme. Svarfristen er {DanishDates.DateAndTime(deadline)}.",
                "En sendt invitation kan ikke kaldes tilbage.",
            ],
            [], Name, YearField(year), $"Ja, start opfølgningen {year} nu")));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var existing = await cycles.GetAsync(year, ct);
        if (RefuseState(year, existing) is { } refusal)
        {
            return existing?.State == CycleState.Open ? CommandOutcome.Done(year, refusal) : CommandOutcome.Refused(year, refusal);
        }

        var cycle = (await starter.EnsureCycleAsync(year, actor, ct)).Cycle;
        if (cycle.State != CycleState.Planned)
        {
            return CommandOutcome.Done(year, $"Opfølgningen {year} er allerede startet.");
        }

        var now = time.GetUtcNow();
        if (cycle.OpensAt > now)
        {
            await cycles.UpdateAsync(cycle with { OpensAt = now }, ct);
        }

        await audit.AppendAsync(new AuditEntry(year, now, actor, "Startede opfølgningen nu", $"Planlagt åbning var {DanishDates.DateAndTime(cycle.OpensAt)}."), ct);
        return CommandOutcome.Done(year, $"Opfølgningen {year} er startet; invitationerne sendes nu.");
    }

    private string? RefuseYear(int year, FollowUpCycle? cycle)
    {
        var now = time.GetUtcNow();
        var deadline = cycle?.Deadline ?? CycleSchedule.DefaultDeadline(year, options.Value);
        if (deadline <= now)
        {
            return $"Opfølgningen {year} kan ikke startes: svarfristen ({DanishDates.DateAndTime(deadline)}) er overskredet.";
        }

        var current = starter.YearToPlan();
        return year > current + 1 ? $"Opfølgningen {year} kan ikke startes endnu; start højst næste års ({current + 1})." : null;
    }
}
