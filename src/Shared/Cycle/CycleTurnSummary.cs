using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// One Danish line per step of a turn ("Invitationer sendt: 29/29", "Påmindelse 2 til 23 jobcentre"): the demo's
/// progress lines locally, log lines in Azure.
/// </summary>
public static class CycleTurnSummary
{
    public static IReadOnlyList<string> Lines(CycleTurnReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var before = report.Before;
        var outcomes = report.Actions.Select(a => a.ToOutcome()).ToList();
        var lines = new List<string>();
        var active = before.Jobcentres.Count(j => j.Active);
        foreach (var outcome in outcomes.Where(o => o.Action is CycleAction.OpenCycle or CycleAction.CloseCycle or CycleAction.BuildFinalBilag))
        {
            switch (outcome.Action)
            {
                case CycleAction.OpenCycle when before.Cycle is { } c:
                    lines.Add($"Opfølgningen {c.Year} er åbnet. Svarfrist {DanishDates.DateAndTime(c.Deadline)}.");
                    break;
                case CycleAction.CloseCycle close:
                    lines.Add($"Lukket: {before.Jobcentres.Count(j => j.Active && j.Submitted)} af {active} har svaret. {CloseReasonText.Audit(close.Reason)}");
                    break;
                case CycleAction.BuildFinalBilag:
                    lines.Add($"Bilag: {outcome.Detail}");
                    break;
            }
        }

        var invitations = outcomes.Where(o => o.Action is CycleAction.SendInvitation).ToList();
        if (invitations.Count > 0)
        {
            var invited = before.Jobcentres.Count(j => j.Active && j.Invited) + invitations.Count(o => o.MailStatus == SendStatus.Sent);
            lines.Add($"Invitationer sendt: {invited}/{active}{NotSent(invitations)}");
        }

        // Counted against those who had not answered when the round was decided: on the demo's fast clock chiefs
        // answer while a round goes out, so a bare "til 13" next to "11 mangler" read as a wrong count.
        var unanswered = before.Jobcentres.Count(j => j.Active && j.Invited && !j.Submitted);
        foreach (var round in outcomes.Where(o => o.Action is CycleAction.SendReminder).GroupBy(o => ((CycleAction.SendReminder)o.Action).Round))
        {
            var sent = round.Where(o => o.MailStatus == SendStatus.Sent).Select(o => ((CycleAction.SendReminder)o.Action).MunicipalityCode).Distinct().Count();
            lines.Add($"Påmindelse {round.Key} til {sent} jobcentre af de {unanswered}, der ikke havde svaret{NotSent(round.ToList())}");
        }

        if (outcomes.FirstOrDefault(o => o.Action is CycleAction.NotifySecretariat) is { } notify)
        {
            lines.Add($"Sekretariatet har fået besked om bilaget ({Status(notify.MailStatus)}).");
        }

        var forms = outcomes.Where(o => o.Action is CycleAction.SendMunicipalityForm).ToList();
        if (forms.Count > 0)
        {
            lines.Add($"Eget fremdriftsskema sendt til {forms.Count(o => o.MailStatus == SendStatus.Sent)} jobcentre{NotSent(forms)}");
        }

        return lines;
    }

    private static string NotSent(IReadOnlyList<CycleActionOutcome> outcomes)
    {
        var notSent = outcomes.Where(o => o.MailStatus != SendStatus.Sent).ToList();
        return notSent.Count == 0
            ? ""
            : $" ({notSent.Count} ikke sendt: {string.Join("; ", notSent.Select(o => o.Detail).Distinct())})";
    }

    private static string Status(SendStatus? status) => status switch
    {
        SendStatus.Sent => "sendt",
        SendStatus.Skipped => "sprunget over",
        SendStatus.Deferred => "udsat",
        SendStatus.Failed => "fejlet",
        _ => "ukendt",
    };
}
