using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// The cycle's rules as one pure function: given the stored state and the time, what to do now and when to
/// look again. No I/O and no clock of its own, so the Durable orchestrator (with its replay-safe time) and the
/// local loop (with a <see cref="TimeProvider"/>) make the same decisions, and every edge case is a unit test.
/// Mail steps that failed transiently are tried again after <see cref="CycleSnapshot.RetryDeferredAfter"/>.
/// </summary>
public static class CycleDecider
{
    public static CycleDecision Decide(CycleSnapshot snapshot, DateTimeOffset now)
    {
        var cycle = snapshot.Cycle;
        if (cycle is null)
        {
            return new CycleDecision([], null, Finished: true);
        }

        return cycle.State switch
        {
            CycleState.Planned => now >= cycle.OpensAt
                ? new CycleDecision([new CycleAction.OpenCycle(cycle.Year)], null, false)
                : new CycleDecision([], cycle.OpensAt, false),
            CycleState.Open => WithReceipts(DecideOpen(snapshot, cycle, now), snapshot, cycle, now),
            _ => DecideClosed(snapshot, cycle, now),
        };
    }

    /// <summary>
    /// Why a jobcentre gets (or does not get) its next mail, in Danish, for the secretariat's page.
    /// </summary>
    public static string Explain(CycleSnapshot snapshot, JobcentreCycleState jobcentre, DateTimeOffset now)
    {
        var cycle = snapshot.Cycle;
        if (cycle is null)
        {
            return "Ingen opfølgning oprettet.";
        }

        return cycle.State switch
        {
            CycleState.Planned => $"Invitationen sendes, når opfølgningen åbner {DanishDates.DateAndTime(cycle.OpensAt)}.",
            CycleState.Closed => jobcentre.Submitted ? "Opfølgningen er lukket; svaret er med i bilaget." : "Opfølgningen er lukket uden svar.",
            _ => PlanOpen(snapshot, cycle, jobcentre, now).Why,
        };
    }

    private sealed record JobcentrePlan(CycleAction? Now, DateTimeOffset? WakeAt, string Why);

    private static CycleDecision DecideOpen(CycleSnapshot snapshot, FollowUpCycle cycle, DateTimeOffset now)
    {
        if (now >= cycle.Deadline)
        {
            return new CycleDecision([new CycleAction.CloseCycle(cycle.Year, CloseReasons.Deadline)], null, false);
        }

        var active = snapshot.Jobcentres.Where(j => j.Active).ToList();
        if (cycle.CloseEarlyWhenAllSubmitted && active.Count > 0 && active.All(j => j.Submitted))
        {
            return new CycleDecision([new CycleAction.CloseCycle(cycle.Year, CloseReasons.AllSubmitted)], null, false);
        }

        var actions = new List<CycleAction>();
        var wake = new Earliest(now);
        wake.Add(cycle.Deadline);
        wake.Add(CycleSchedule.Reminders(cycle).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault(d => d > now));
        foreach (var plan in active.Select(j => PlanOpen(snapshot, cycle, j, now)))
        {
            if (plan.Now is not null)
            {
                actions.Add(plan.Now);
            }

            if (plan.WakeAt is { } at && at < cycle.Deadline)
            {
                wake.Add(at);
            }
        }

        // Invitations first: a reminder never goes before its jobcentre's invitation anyway.
        var ordered = actions.OrderBy(a => a is CycleAction.SendInvitation ? 0 : 1).ToList();
        return new CycleDecision(ordered, wake.Value, false);
    }

    private static JobcentrePlan PlanOpen(CycleSnapshot snapshot, FollowUpCycle cycle, JobcentreCycleState j, DateTimeOffset now)
    {
        if (!j.Active)
        {
            return new(null, null, "Jobcentret er ikke aktivt.");
        }

        if (j.Submitted)
        {
            return new(null, null, "Har indsendt; får ikke flere påmindelser.");
        }

        if (!j.HasAddress)
        {
            return new(null, null, "Sendes ikke: jobcentret har ingen e-mailadresse. Ret kontakten.");
        }

        if (j.MailBlocked)
        {
            return new(null, null, "Sendes ikke: adressen er afvist af modtagerens mailserver. Ret kontakten.");
        }

        var invitation = StepStatus(j.Mail(MailSteps.Invitation), now, snapshot.RetryDeferredAfter);
        if (invitation.DueNow)
        {
            return new(new CycleAction.SendInvitation(cycle.Year, j.MunicipalityCode), null, "Invitationen sendes nu.");
        }

        if (!invitation.Done)
        {
            return new(null, invitation.RetryAt, $"Invitationen prøves igen {Format(invitation.RetryAt)}.");
        }

        if (!j.Invited)
        {
            return new(null, null, "Sendes ikke: invitationen kom ikke af sted (se udsendelsesloggen). Udsted et nyt link.");
        }

        if (j.RemindersSent >= cycle.Reminders.MaxRemindersPerJobcentre)
        {
            return new(null, null, $"Har fået det højeste antal påmindelser ({cycle.Reminders.MaxRemindersPerJobcentre}).");
        }

        var rounds = CycleSchedule.Reminders(cycle);
        var latestDue = rounds.LastOrDefault(r => r.DueAt <= now);
        var nextDue = rounds.FirstOrDefault(r => r.DueAt > now);
        var whenNext = nextDue is null ? "Ingen flere påmindelser før svarfristen." : $"Næste påmindelse {DanishDates.DateAndTime(nextDue.DueAt)}.";
        if (latestDue is null)
        {
            return new(null, null, whenNext);
        }

        var automaticRounds = j.Mails
            .Select(m => (Mail: m, Round: MailSteps.RoundOf(m.Step)))
            .Where(x => x.Round is { } r && !MailSteps.IsManualRound(r))
            .ToList();
        var latestRow = automaticRounds.FirstOrDefault(x => x.Round == latestDue.Round).Mail;
        if (latestRow is not null)
        {
            var status = StepStatus(latestRow, now, snapshot.RetryDeferredAfter);
            if (status.DueNow)
            {
                return new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, latestDue.Round), null, $"Påmindelse {latestDue.Round} prøves igen nu.");
            }

            return status.Done
                ? new(null, null, $"Har fået påmindelse {latestDue.Round}. {whenNext}")
                : new(null, status.RetryAt, $"Påmindelse {latestDue.Round} prøves igen {Format(status.RetryAt)}.");
        }

        // A later round already went out (the deadline was moved later since): an earlier round is not repeated.
        if (automaticRounds.Any(x => x.Round > latestDue.Round))
        {
            return new(null, null, $"Har allerede fået en senere påmindelse. {whenNext}");
        }

        if (j.LastMailAt is { } last && now < last + cycle.Reminders.MinimumGapBetweenMails)
        {
            var earliest = last + cycle.Reminders.MinimumGapBetweenMails;
            return earliest < cycle.Deadline
                ? new(null, earliest, $"Påmindelse {latestDue.Round} venter til {DanishDates.DateAndTime(earliest)} (mindst {Hours(cycle.Reminders.MinimumGapBetweenMails)} timer mellem to mails).")
                : new(null, null, $"Påmindelse {latestDue.Round} sendes ikke: der er under {Hours(cycle.Reminders.MinimumGapBetweenMails)} timer siden sidste mail, og svarfristen kommer før.");
        }

        return new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, latestDue.Round), null, $"Påmindelse {latestDue.Round} sendes nu.");
    }

    /// <summary>
    /// A receipt for each submit that has none yet (step "receipt-{submission id}": a double click sends the same id,
    /// so one receipt; a changed submission has a new id, so a new receipt), beside whatever else the turn does,
    /// closing included, so that the submit that closes the cycle early gets its receipt too.
    /// </summary>
    private static CycleDecision WithReceipts(CycleDecision decision, CycleSnapshot snapshot, FollowUpCycle cycle, DateTimeOffset now)
    {
        var actions = new List<CycleAction>();
        var wake = new Earliest(now);
        wake.Add(decision.WakeAt);
        foreach (var j in snapshot.Jobcentres.Where(j => j.Active && j.Submitted && j.SubmissionId is not null && j.HasAddress && !j.MailBlocked))
        {
            var receipt = StepStatus(j.Mail(MailSteps.Receipt(j.SubmissionId!)), now, snapshot.RetryDeferredAfter);
            if (receipt.DueNow)
            {
                actions.Add(new CycleAction.SendReceipt(cycle.Year, j.MunicipalityCode, j.SubmissionId!));
            }

            wake.Add(receipt.RetryAt);
        }

        return actions.Count == 0 && wake.Value == decision.WakeAt ? decision : decision with { Actions = [.. actions, .. decision.Actions], WakeAt = wake.Value };
    }

    private static CycleDecision DecideClosed(CycleSnapshot snapshot, FollowUpCycle cycle, DateTimeOffset now)
    {
        if (!snapshot.PostCloseStepsAvailable)
        {
            return new CycleDecision([], null, Finished: true);
        }

        if (!snapshot.FinalBilagBuilt)
        {
            return new CycleDecision([new CycleAction.BuildFinalBilag(cycle.Year)], null, false);
        }

        var actions = new List<CycleAction>();
        var wake = new Earliest(now);
        var notify = StepStatus(snapshot.SecretariatMails.FirstOrDefault(m => m.Step == MailSteps.BilagReady), now, snapshot.RetryDeferredAfter);
        if (notify.DueNow)
        {
            actions.Add(new CycleAction.NotifySecretariat(cycle.Year));
        }

        wake.Add(notify.RetryAt);
        foreach (var j in snapshot.Jobcentres.Where(j => j.Active && j.Submitted && j.HasAddress && !j.MailBlocked))
        {
            var form = StepStatus(j.Mail(MailSteps.OwnForm), now, snapshot.RetryDeferredAfter);
            if (form.DueNow)
            {
                actions.Add(new CycleAction.SendMunicipalityForm(cycle.Year, j.MunicipalityCode));
            }

            wake.Add(form.RetryAt);
        }

        var finished = actions.Count == 0 && wake.Value is null;
        return new CycleDecision(actions, wake.Value, finished);
    }

    private sealed record StepState(bool DueNow, bool Done, DateTimeOffset? RetryAt);

    /// <summary>
    /// A step with no row is due; sent, skipped and failed are done; deferred is due again after the retry delay;
    /// a "sending" claim is due again only once stale (its sender died), as <see cref="MailDispatcher"/> allows.
    /// </summary>
    private static StepState StepStatus(MailRecord? row, DateTimeOffset now, TimeSpan retryDeferredAfter)
    {
        if (row is null)
        {
            return new(true, false, null);
        }

        DateTimeOffset? retryAt = row.Status switch
        {
            SendStatus.Deferred => row.At + retryDeferredAfter,
            SendStatus.Sending => row.At + MailDispatcher.StaleClaim,
            _ => null,
        };
        if (retryAt is null)
        {
            return new(false, true, null);
        }

        return retryAt <= now ? new(true, false, null) : new(false, false, retryAt);
    }

    private static string Format(DateTimeOffset? at) => at is null ? "senere" : DanishDates.DateAndTime(at.Value);

    private static string Hours(TimeSpan gap) => ((int)gap.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The earliest of the future instants added; past or null ones are ignored.</summary>
    private sealed class Earliest(DateTimeOffset now)
    {
        public DateTimeOffset? Value { get; private set; }

        public void Add(DateTimeOffset? at)
        {
            if (at is { } t && t > now && (Value is null || t < Value))
            {
                Value = t;
            }
        }
    }
}
