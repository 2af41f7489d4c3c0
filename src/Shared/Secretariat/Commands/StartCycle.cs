using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>"start": opens the year to plan now instead of at its planned time; the loop then sends the invitations.</summary>
internal sealed class StartCycle(CycleStarter starter, CycleRepository cycles, AuditLogRepository audit, TimeProvider time) : ISecretariatCommand
{
    public string Name => "start";

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        // The year to plan, whatever the page showed: starting is idempotent and never starts a past year.
        year = starter.YearToPlan();
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
}
