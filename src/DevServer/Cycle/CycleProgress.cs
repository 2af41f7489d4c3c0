using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// One Danish line per step of the cycle ("[6. jan 08:00] Invitationer sendt: 29/29"), on the console when
/// enabled (the demo) and always kept in memory, so a test or the benchmark can read what happened.
/// </summary>
public sealed class CycleProgress(bool toConsole)
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(DateTimeOffset at, string text)
    {
        var line = $"[{CopenhagenTime.ShortText(at)}] {text}";
        lock (_lock)
        {
            _lines.Add(line);
        }

        if (toConsole)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Summarises one turn's outcomes; <paramref name="before"/> is the state the decision was made on.</summary>
    public void Turn(DateTimeOffset at, CycleSnapshot before, IReadOnlyList<CycleActionOutcome> outcomes)
    {
        var active = before.Jobcentres.Count(j => j.Active);
        foreach (var outcome in outcomes.Where(o => o.Action is CycleAction.OpenCycle or CycleAction.CloseCycle or CycleAction.BuildFinalBilag))
        {
            switch (outcome.Action)
            {
                case CycleAction.OpenCycle when before.Cycle is { } c:
                    Write(at, $"Opfølgningen {c.Year} er åbnet. Svarfrist {CopenhagenTime.LongText(c.Deadline)}.");
                    break;
                case CycleAction.CloseCycle close:
                    Write(at, $"Lukket: {before.Jobcentres.Count(j => j.Active && j.Submitted)} af {active} har svaret. {close.Reason}");
                    break;
                case CycleAction.BuildFinalBilag:
                    Write(at, $"Bilag: {outcome.Detail}");
                    break;
            }
        }

        var invitations = outcomes.Where(o => o.Action is CycleAction.SendInvitation).ToList();
        if (invitations.Count > 0)
        {
            var invited = before.Jobcentres.Count(j => j.Active && j.Invited) + invitations.Count(o => o.MailStatus == SendStatus.Sent);
            Write(at, $"Invitationer sendt: {invited}/{active}{NotSent(invitations)}");
        }

        foreach (var round in outcomes.Where(o => o.Action is CycleAction.SendReminder).GroupBy(o => ((CycleAction.SendReminder)o.Action).Round))
        {
            Write(at, $"Påmindelse {round.Key} til {round.Count(o => o.MailStatus == SendStatus.Sent)} jobcentre{NotSent(round.ToList())}");
        }

        if (outcomes.FirstOrDefault(o => o.Action is CycleAction.NotifySecretariat) is { } notify)
        {
            Write(at, $"Sekretariatet har fået besked om bilaget ({Status(notify.MailStatus)}).");
        }

        var forms = outcomes.Where(o => o.Action is CycleAction.SendMunicipalityForm).ToList();
        if (forms.Count > 0)
        {
            Write(at, $"Eget fremdriftsskema sendt til {forms.Count(o => o.MailStatus == SendStatus.Sent)} jobcentre{NotSent(forms)}");
        }
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
