using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "paamind": a manual reminder round now to every invited jobcentre that has not submitted (and whose address
/// has not bounced). Each round has its own number, so the send log sends it once per jobcentre.
/// </summary>
internal sealed class SendReminders(
    CycleStateLoader loader,
    ISurveyMailer mailer,
    AuditLogRepository audit,
    TimeProvider time,
    ILogger<SendReminders> logger) : IConfirmedSecretariatCommand
{
    public string Name => "paamind";

    public bool AllowedWhilePlanned => false;

    public Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        var round = form.One("runde") ?? "";
        var fields = YearField(year);
        fields.Add(new("runde", round));
        var targets = Targets(snapshot);
        return Task.FromResult(ConfirmationStep.Show(new($"Send påmindelse til {Count(targets.Count, "jobcenter", "jobcentre")} nu?",
            [
                $"En påmindelse (manuel nr. {round}) sendes nu til {Count(targets.Count, "jobcenter", "jobcentre")}, der er inviteret og ikke har indsendt. Hver mail beskriver, hvor jobcentret er (ikke åbnet, kladde, hvad der mangler), og har jobcentrets personlige link.",
                "En sendt mail kan ikke kaldes tilbage. Jobcentre med afvist mailadresse springes over.",
            ],
            targets.Select(j => $"{j.Name} ({ResponseWord(j.ResponseState)})").ToList(),
            Name, fields, $"Ja, send {Count(targets.Count, "påmindelse", "påmindelser")} nu")));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (!int.TryParse(form.One("runde"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 99)
        {
            return CommandOutcome.Refused(year, "Påmindelsens nummer mangler eller er ugyldigt. Genindlæs siden og prøv igen.");
        }

        var snapshot = await loader.LoadAsync(year, ct);
        if (snapshot.Cycle?.State != CycleState.Open)
        {
            return CommandOutcome.Refused(year, "Der kan kun sendes påmindelser, mens opfølgningen er åben.");
        }

        var round = MailSteps.ManualRoundBase + n;
        var targets = Targets(snapshot);
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
        return CommandOutcome.Done(year, message);
    }

    private static List<JobcentreCycleState> Targets(CycleSnapshot snapshot) =>
        snapshot.Jobcentres.Where(j => j.Active && j.Invited && !j.Submitted && !j.MailBlocked).ToList();
}
