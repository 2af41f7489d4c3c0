using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// The cycle's rules as one pure function: given the stored state and the time, what to do now and when to
/// look again. No I/O and no clock of its own, so the Durable orchestrator (with its replay-safe time) makes the
/// same decisions on replay, and every edge case is a unit test. It speaks in types (<see cref="CycleAction"/>,
/// <see cref="CloseReason"/>, <see cref="NextMail"/>); the Danish words live with the views and mails.
/// Mail steps that failed transiently are tried again after <see cref="CycleSnapshot.RetryDeferredAfter"/>, and a
/// claim left "Sending" by a dead sender after <see cref="CycleSnapshot.StaleClaimAfter"/>.
/// </summary>
internal static class CycleDecider
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

    /// <summary>Where a jobcentre stands with its next mail, for the secretariat's page (worded there).</summary>
    public static NextMail Explain(CycleSnapshot snapshot, JobcentreCycleState jobcentre, DateTimeOffset now)
    {
        var cycle = snapshot.Cycle;
        if (cycle is null)
        {
            return new NextMail.NoCycle();
        }

        return cycle.State switch
        {
            CycleState.Planned => new NextMail.WaitsForOpening(cycle.OpensAt),
            CycleState.Closed => jobcentre.Submitted ? new NextMail.ClosedWithAnswer() : new NextMail.ClosedWithoutAnswer(),
            _ => PlanOpen(snapshot, cycle, jobcentre, now).Why,
        };
    }

    /// <summary>
    /// The jobcentres that the secretariat's manual reminder would reach now, and those the minimum gap between mails
    /// holds back (with when their gap ends), for the confirmation page. The same rule the loop applies.
    /// </summary>
    public static (IReadOnlyList<JobcentreCycleState> Now, IReadOnlyList<(JobcentreCycleState Jobcentre, DateTimeOffset Until)> HeldBack) ManualReminderTargets(CycleSnapshot snapshot, DateTimeOffset now)
    {
        var gap = snapshot.Cycle?.Reminders.MinimumGapBetweenMails ?? TimeSpan.Zero;
        var targets = snapshot.Jobcentres.Where(j => j.Active && j.Invited && !j.Submitted && j.HasAddress && !j.MailBlocked).ToList();
        var held = targets.Where(j => j.LastMailAt is { } last && now < last + gap).Select(j => (j, j.LastMailAt!.Value + gap)).ToList();
        return (targets.Where(j => !held.Any(h => h.j == j)).ToList(), held);
    }

    private sealed record JobcentrePlan(CycleAction? Now, DateTimeOffset? WakeAt, NextMail Why);

    private static CycleDecision DecideOpen(CycleSnapshot snapshot, FollowUpCycle cycle, DateTimeOffset now)
    {
        if (now >= cycle.Deadline)
        {
            return new CycleDecision([new CycleAction.CloseCycle(cycle.Year, CloseReason.Deadline)], null, false);
        }

        var active = snapshot.Jobcentres.Where(j => j.Active).ToList();
        if (cycle.CloseEarlyWhenAllSubmitted && active.Count > 0 && active.All(j => j.Submitted))
        {
            return new CycleDecision([new CycleAction.CloseCycle(cycle.Year, CloseReason.AllSubmitted)], null, false);
        }

        var actions = new List<CycleAction>();
        var wake = new Earliest(now);
        wake.Add(cycle.Deadline);
        wake.Add(CycleSchedule.Reminders(cycle).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault(d => d > now));
        if (cycle.ManualReminder is { } manual && manual.RequestedAt > now)
        {
            wake.Add(manual.RequestedAt);
        }

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
            return new(null, null, new NextMail.Inactive());
        }

        if (j.Submitted)
        {
            return new(null, null, new NextMail.Submitted());
        }

        if (!j.HasAddress)
        {
            return new(null, null, new NextMail.NoAddress());
        }

        if (j.MailBlocked)
        {
            return new(null, null, new NextMail.Bounced());
        }

        var invitationRow = j.Mail(MailSteps.Invitation);
        var invitation = StepStatus(invitationRow, now, snapshot);
        if (invitation.DueNow)
        {
            return new(new CycleAction.SendInvitation(cycle.Year, j.MunicipalityCode), null, new NextMail.InvitationNow());
        }

        if (!invitation.Done)
        {
            return new(null, invitation.RetryAt, InFlightOr(invitationRow, snapshot, new NextMail.InvitationRetry(invitation.RetryAt)));
        }

        if (!j.Invited)
        {
            return new(null, null, new NextMail.InvitationFailed());
        }

        // The secretariat's notices: the cycle was reopened, or the deadline moved with notice. Each once per jobcentre.
        if (cycle.Reopened > 0)
        {
            var step = MailSteps.Reopened(cycle.Reopened);
            if (Requested(j.Mail(step), now, snapshot, out var retryAt) is { } due)
            {
                return due
                    ? new(new CycleAction.SendReopenNotice(cycle.Year, j.MunicipalityCode, cycle.Reopened), null, new NextMail.ReopenNoticeNow())
                    : new(null, retryAt, InFlightOr(j.Mail(step), snapshot, new NextMail.ReopenNoticeNow()));
            }
        }

        if (cycle.DeadlineNotice > 0 && invitationRow!.At <= (cycle.DeadlineNoticeAt ?? DateTimeOffset.MaxValue))
        {
            var step = MailSteps.DeadlineMoved(cycle.DeadlineNotice);
            if (Requested(j.Mail(step), now, snapshot, out var retryAt) is { } due)
            {
                return due
                    ? new(new CycleAction.SendDeadlineNotice(cycle.Year, j.MunicipalityCode, cycle.DeadlineNotice), null, new NextMail.DeadlineNoticeNow())
                    : new(null, retryAt, InFlightOr(j.Mail(step), snapshot, new NextMail.DeadlineNoticeNow()));
            }
        }

        if (cycle.ManualReminder is { } manual && manual.RequestedAt <= now && invitationRow!.At <= manual.RequestedAt)
        {
            var round = MailSteps.ManualRoundBase + manual.Number;
            var row = j.Mail(MailSteps.Reminder(round));
            if (row is null)
            {
                var gap = cycle.Reminders.MinimumGapBetweenMails;
                if (!manual.IgnoreGap && j.LastMailAt is { } last && now < last + gap)
                {
                    var until = last + gap;
                    if (until < cycle.Deadline)
                    {
                        return new(null, until, new NextMail.ManualReminderWaits(manual.Number, until, gap));
                    }
                }
                else
                {
                    return new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, round), null, new NextMail.ManualReminderNow(manual.Number));
                }
            }
            else if (Requested(row, now, snapshot, out var retryAt) is { } due)
            {
                return due
                    ? new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, round), null, new NextMail.ManualReminderNow(manual.Number))
                    : new(null, retryAt, InFlightOr(row, snapshot, new NextMail.ManualReminderNow(manual.Number)));
            }
        }

        if (j.RemindersSent >= cycle.Reminders.MaxRemindersPerJobcentre)
        {
            return new(null, null, new NextMail.MaxReminders(cycle.Reminders.MaxRemindersPerJobcentre));
        }

        var rounds = CycleSchedule.Reminders(cycle);
        var latestDue = rounds.LastOrDefault(r => r.DueAt <= now);
        var nextDue = rounds.FirstOrDefault(r => r.DueAt > now)?.DueAt;
        if (latestDue is null)
        {
            return new(null, null, new NextMail.NoReminderDueYet(nextDue));
        }

        var automaticRounds = j.Mails
            .Select(m => (Mail: m, Round: MailSteps.RoundOf(m.Step)))
            .Where(x => x.Round is { } r && !MailSteps.IsManualRound(r))
            .ToList();
        var latestRow = automaticRounds.FirstOrDefault(x => x.Round == latestDue.Round).Mail;
        if (latestRow is not null)
        {
            var status = StepStatus(latestRow, now, snapshot);
            if (status.DueNow)
            {
                return new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, latestDue.Round), null, new NextMail.ReminderRetryNow(latestDue.Round));
            }

            return status.Done
                ? new(null, null, new NextMail.ReminderHad(latestDue.Round, nextDue))
                : new(null, status.RetryAt, InFlightOr(latestRow, snapshot, new NextMail.ReminderRetry(latestDue.Round, status.RetryAt)));
        }

        // A later round already went out (the deadline was moved later since): an earlier round is not repeated.
        if (automaticRounds.Any(x => x.Round > latestDue.Round))
        {
            return new(null, null, new NextMail.LaterRoundHad(nextDue));
        }

        if (j.LastMailAt is { } lastMail && now < lastMail + cycle.Reminders.MinimumGapBetweenMails)
        {
            var earliest = lastMail + cycle.Reminders.MinimumGapBetweenMails;
            return earliest < cycle.Deadline
                ? new(null, earliest, new NextMail.ReminderWaitsForGap(latestDue.Round, earliest, cycle.Reminders.MinimumGapBetweenMails))
                : new(null, null, new NextMail.ReminderTooLate(latestDue.Round, cycle.Reminders.MinimumGapBetweenMails));
        }

        return new(new CycleAction.SendReminder(cycle.Year, j.MunicipalityCode, latestDue.Round), null, new NextMail.ReminderNow(latestDue.Round));
    }

    /// <summary>
    /// A requested once-only step: true when it is due now, false when it waits (a deferred retry or a claim in
    /// flight; <paramref name="retryAt"/> says until when), null when it is done (sent, skipped or failed).
    /// </summary>
    private static bool? Requested(MailRecord? row, DateTimeOffset now, CycleSnapshot snapshot, out DateTimeOffset? retryAt)
    {
        var status = StepStatus(row, now, snapshot);
        retryAt = status.RetryAt;
        return status.DueNow ? true : status.Done ? null : false;
    }

    private static NextMail InFlightOr(MailRecord? row, CycleSnapshot snapshot, NextMail otherwise) =>
        row is { Status: SendStatus.Sending } ? new NextMail.InFlight(row.Step, row.At + snapshot.StaleClaimAfter) : otherwise;

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
            var receipt = StepStatus(j.Mail(MailSteps.Receipt(j.SubmissionId!)), now, snapshot);
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
        var notify = StepStatus(snapshot.SecretariatMails.FirstOrDefault(m => m.Step == MailSteps.BilagReady), now, snapshot);
        if (notify.DueNow)
        {
            actions.Add(new CycleAction.NotifySecretariat(cycle.Year));
        }

        wake.Add(notify.RetryAt);
        foreach (var j in snapshot.Jobcentres.Where(j => j.Active && j.Submitted && j.HasAddress && !j.MailBlocked))
        {
            var form = StepStatus(j.Mail(MailSteps.OwnForm), now, snapshot);
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
    /// a "sending" claim is due again only once stale (its sender died), as the mail dispatcher allows.
    /// </summary>
    private static StepState StepStatus(MailRecord? row, DateTimeOffset now, CycleSnapshot snapshot)
    {
        if (row is null)
        {
            return new(true, false, null);
        }

        DateTimeOffset? retryAt = row.Status switch
        {
            SendStatus.Deferred => row.At + snapshot.RetryDeferredAfter,
            SendStatus.Sending => row.At + snapshot.StaleClaimAfter,
            _ => null,
        };
        if (retryAt is null)
        {
            return new(false, true, null);
        }

        return retryAt <= now ? new(true, false, null) : new(false, false, retryAt);
    }

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
