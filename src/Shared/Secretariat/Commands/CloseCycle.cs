using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>"luk": closes the cycle before its deadline; the loop then builds the bilag with what was submitted.</summary>
internal sealed class CloseCycle(CycleRepository cycles, CycleActionRunner runner) : IConfirmedSecretariatCommand
{
    public string Name => "luk";

    public bool AllowedWhilePlanned => true;

    public Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        var cycle = snapshot.Cycle!;
        var active = snapshot.Jobcentres.Where(j => j.Active).ToList();
        var missing = active.Where(j => !j.Submitted).ToList();
        return Task.FromResult(ConfirmationStep.Show(new($"Luk opfølgningen {year} nu?",
            [
                $"Opfølgningen lukkes nu, før svarfristen {DanishDates.DateAndTime(cycle.Deadline)}. Alle {active.Count} jobcentres links holder op med at virke med det samme, og bilaget dannes med de svar, der er indsendt.",
                $"{active.Count - missing.Count} af {active.Count} har indsendt. {Count(missing.Count, "jobcenter", "jobcentre")} har ikke; de kan ikke længere svare, og deres kladder kommer ikke med.",
                "Jobcentrene får at vide, at sekretariatet har lukket opfølgningen (ikke at svarfristen er overskredet). En lukket opfølgning kan åbnes igen med en ny svarfrist; så dannes en ny version af bilaget, når den lukker igen.",
            ],
            missing.Select(j => $"{j.Name} – har ikke indsendt ({ResponseWord(j.ResponseState)})").ToList(),
            Name, YearField(year), "Ja, luk opfølgningen nu")));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (await cycles.GetAsync(year, ct) is null)
        {
            return CommandOutcome.Refused(year, $"Opfølgningen for {year} findes ikke.");
        }

        // The runner writes the audit entry, the same one the loop writes when the deadline closes the cycle.
        var outcome = await runner.CloseAsync(year, CloseReason.Secretariat, actor, ct);
        return CommandOutcome.Done(year, outcome == "Lukket." ? "Opfølgningen er lukket. Bilaget dannes nu." : "Opfølgningen var allerede lukket.");
    }
}
