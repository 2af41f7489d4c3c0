using System.Text.Json;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Cycle;

/// <summary>The cycle's rules, as a pure function: no storage, no clock.</summary>
public class CycleDeciderTests
{
    private static readonly FollowUpCycle Planned2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private static readonly FollowUpCycle Open2027 = Planned2027 with { State = CycleState.Open };
    private static readonly DateTimeOffset OpensAt = Planned2027.OpensAt; // 6 Jan 2027 07:00 UTC
    private static readonly DateTimeOffset Round1 = new(2027, 2, 12, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Round2 = new(2027, 2, 19, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Round3 = new(2027, 2, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Planned2027.Deadline; // 26 Feb 2027 22:59 UTC

    private static JobcentreCycleState Jc(int code, bool submitted = false, bool blocked = false, bool active = true, bool hasAddress = true, params MailRecord[] mails) =>
        new(code, "Jobcenter " + code, active, hasAddress, blocked, submitted ? ResponseState.Submitted : ResponseState.NotOpened, submitted, mails);

    private static MailRecord Sent(string step, DateTimeOffset at) => new(step, SendStatus.Sent, at);

    private static MailRecord Invited => Sent(MailSteps.Invitation, OpensAt.AddMinutes(1));

    private static CycleSnapshot Snapshot(FollowUpCycle cycle, params JobcentreCycleState[] jobcentres) =>
        new(2027, cycle, jobcentres, [], PostCloseStepsAvailable: true, FinalBilagBuilt: false, TimeSpan.FromMinutes(15));

    private static List<int> InvitedCodes(CycleDecision d) => d.Actions.OfType<CycleAction.SendInvitation>().Select(a => a.MunicipalityCode).ToList();

    private static List<(int Code, int Round)> Reminders(CycleDecision d) => d.Actions.OfType<CycleAction.SendReminder>().Select(a => (a.MunicipalityCode, a.Round)).ToList();

    [Fact]
    public void Planned_cycle_waits_for_its_opening()
    {
        var d = CycleDecider.Decide(Snapshot(Planned2027, Jc(101)), OpensAt.AddHours(-3));

        Assert.Empty(d.Actions);
        Assert.Equal(OpensAt, d.WakeAt);
        Assert.False(d.Finished);
    }

    [Fact]
    public void Planned_cycle_opens_at_its_opening_time()
    {
        var d = CycleDecider.Decide(Snapshot(Planned2027, Jc(101)), OpensAt);

        Assert.Equal([new CycleAction.OpenCycle(2027)], d.Actions);
    }

    [Fact]
    public void Open_cycle_invites_every_active_mailable_jobcentre_without_an_invitation()
    {
        var d = CycleDecider.Decide(
            Snapshot(Open2027, Jc(101), Jc(147), Jc(151, active: false), Jc(153, blocked: true), Jc(155, hasAddress: false), Jc(157, mails: Invited)),
            OpensAt.AddMinutes(5));

        Assert.Equal([101, 147], InvitedCodes(d));
        Assert.Empty(Reminders(d));
        Assert.Equal(Round1, d.WakeAt);
    }

    [Fact]
    public void A_jobcentre_added_mid_cycle_is_invited_at_once_and_only_it()
    {
        var midCycle = new DateTimeOffset(2027, 2, 1, 13, 0, 0, TimeSpan.Zero);

        var d = CycleDecider.Decide(Snapshot(Open2027, Jc(101, mails: Invited), Jc(147, mails: Invited), Jc(999)), midCycle);

        Assert.Equal([new CycleAction.SendInvitation(2027, 999)], d.Actions);
    }

    [Fact]
    public void A_bounced_jobcentre_is_invited_once_the_secretariat_fixed_its_address()
    {
        var now = OpensAt.AddDays(3);
        Assert.Empty(CycleDecider.Decide(Snapshot(Open2027, Jc(101, blocked: true)), now).Actions);

        Assert.Equal([101], InvitedCodes(CycleDecider.Decide(Snapshot(Open2027, Jc(101, blocked: false)), now)));
    }

    [Fact]
    public void A_due_round_reminds_only_invited_jobcentres_that_have_not_submitted_and_are_not_bounced()
    {
        var d = CycleDecider.Decide(
            Snapshot(Open2027, Jc(101, mails: Invited), Jc(147, submitted: true, mails: Invited), Jc(151, blocked: true, mails: Invited), Jc(153, mails: Invited)),
            Round1);

        Assert.Equal([(101, 1), (153, 1)], Reminders(d));
        Assert.Equal(Round2, d.WakeAt);
    }

    [Fact]
    public void A_round_is_never_sent_twice()
    {
        var d = CycleDecider.Decide(Snapshot(Open2027, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)])), Round1.AddHours(5));

        Assert.Empty(d.Actions);
        Assert.Equal(Round2, d.WakeAt);
    }

    [Fact]
    public void A_skipped_round_is_not_tried_again()
    {
        var skipped = new MailRecord(MailSteps.Reminder(1), SendStatus.Skipped, Round1, "Har indsendt");

        Assert.Empty(CycleDecider.Decide(Snapshot(Open2027, Jc(101, mails: [Invited, skipped])), Round1.AddHours(1)).Actions);
    }

    [Fact]
    public void Rounds_missed_while_the_host_was_down_are_sent_late_as_the_latest_round_only()
    {
        var afterRound2 = Round2.AddHours(30);
        var snapshot = Snapshot(Open2027, Jc(101, mails: Invited));

        var d = CycleDecider.Decide(snapshot, afterRound2);
        Assert.Equal([(101, 2)], Reminders(d));

        // Once round 2 is in the send log, round 1 is not sent afterwards.
        var after = Snapshot(Open2027, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(2), afterRound2)]));
        Assert.Empty(CycleDecider.Decide(after, afterRound2.AddMinutes(1)).Actions);
        Assert.Equal(Round3, CycleDecider.Decide(after, afterRound2.AddMinutes(1)).WakeAt);
    }

    [Fact]
    public void No_more_reminders_than_the_maximum_counting_the_secretariats_manual_ones()
    {
        var cycle = Open2027 with { Reminders = Open2027.Reminders with { MaxRemindersPerJobcentre = 2 } };
        var jc = Jc(101, mails: [Invited, Sent(MailSteps.Reminder(1), Round1), Sent(MailSteps.Reminder(MailSteps.ManualRoundBase + 1), Round1.AddDays(3))]);

        Assert.Empty(CycleDecider.Decide(Snapshot(cycle, jc), Round2).Actions);
        Assert.Equal(new NextMail.MaxReminders(2), CycleDecider.Explain(Snapshot(cycle, jc), jc, Round2));
    }

    [Fact]
    public void A_reminder_waits_for_the_minimum_gap_after_the_last_mail_then_goes()
    {
        var newLink = Sent("link-2", Round1.AddHours(-20));
        var snapshot = Snapshot(Open2027, Jc(101, mails: [Invited, newLink]));

        var d = CycleDecider.Decide(snapshot, Round1);
        Assert.Empty(d.Actions);
        Assert.Equal(newLink.At + TimeSpan.FromHours(48), d.WakeAt);

        Assert.Equal([(101, 1)], Reminders(CycleDecider.Decide(snapshot, newLink.At + TimeSpan.FromHours(48))));
    }

    [Fact]
    public void A_gap_that_ends_after_the_deadline_sets_no_wake_up_for_it()
    {
        // A new link went out 30 hours before the deadline, after round 3 fell due: the gap outlasts the cycle.
        var lastMail = Sent("link-2", Deadline.AddHours(-30));
        var snapshot = Snapshot(Open2027, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(2), Round2), lastMail]));

        var d = CycleDecider.Decide(snapshot, Deadline.AddHours(-29));

        Assert.Empty(d.Actions);
        Assert.Equal(Deadline, d.WakeAt);
    }

    [Fact]
    public void A_submit_cancels_the_jobcentres_future_reminders()
    {
        var before = Snapshot(Open2027, Jc(101, mails: Invited), Jc(147, mails: Invited));
        var after = Snapshot(Open2027, Jc(101, submitted: true, mails: Invited), Jc(147, mails: Invited));

        Assert.Equal([(101, 2), (147, 2)], Reminders(CycleDecider.Decide(before, Round2)));
        Assert.Equal([(147, 2)], Reminders(CycleDecider.Decide(after, Round2)));
    }

    [Fact]
    public void The_cycle_closes_at_the_deadline()
    {
        var d = CycleDecider.Decide(Snapshot(Open2027, Jc(101, mails: Invited)), Deadline);

        Assert.Equal([new CycleAction.CloseCycle(2027, CloseReason.Deadline)], d.Actions);
    }

    [Fact]
    public void The_deadline_is_the_last_wake_up_of_an_open_cycle()
    {
        var d = CycleDecider.Decide(Snapshot(Open2027, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(3), Round3)])), Round3.AddHours(2));

        Assert.Empty(d.Actions);
        Assert.Equal(Deadline, d.WakeAt);
    }

    [Fact]
    public void The_cycle_closes_early_when_all_active_jobcentres_submitted_if_enabled()
    {
        var all = Snapshot(Open2027, Jc(101, submitted: true, mails: Invited), Jc(147, submitted: true, mails: Invited), Jc(151, active: false));
        Assert.Equal([new CycleAction.CloseCycle(2027, CloseReason.AllSubmitted)], CycleDecider.Decide(all, Round1).Actions);

        var disabled = all with { Cycle = Open2027 with { CloseEarlyWhenAllSubmitted = false } };
        Assert.Empty(CycleDecider.Decide(disabled, Round1).Actions);
    }

    [Fact]
    public void A_deadline_moved_earlier_mid_cycle_brings_the_reminders_forward_and_sends_the_latest_due()
    {
        // On 10 February the deadline moves from 26 to 15 February: rounds become 1 Feb, 8 Feb and (13 Feb is a
        // Saturday) 12 Feb.
        var moved = Open2027 with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 2, 15), new TimeOnly(23, 59)) };
        var now = new DateTimeOffset(2027, 2, 10, 12, 0, 0, TimeSpan.Zero);

        var d = CycleDecider.Decide(Snapshot(moved, Jc(101, mails: Invited)), now);

        Assert.Equal([(101, 2)], Reminders(d));
        Assert.Equal(new DateTimeOffset(2027, 2, 12, 8, 0, 0, TimeSpan.Zero), d.WakeAt);
    }

    [Fact]
    public void A_deadline_moved_to_the_past_closes_the_cycle_now()
    {
        var moved = Open2027 with { Deadline = new DateTimeOffset(2027, 2, 1, 12, 0, 0, TimeSpan.Zero) };

        var d = CycleDecider.Decide(Snapshot(moved, Jc(101, mails: Invited)), moved.Deadline.AddMinutes(1));

        Assert.Equal([new CycleAction.CloseCycle(2027, CloseReason.Deadline)], d.Actions);
    }

    [Fact]
    public void A_deadline_moved_later_after_round_1_does_not_repeat_round_1_and_postpones_round_2()
    {
        var moved = Open2027 with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 3, 12), new TimeOnly(23, 59)) };
        var snapshot = Snapshot(moved, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)]));
        var newRound1 = new DateTimeOffset(2027, 2, 26, 8, 0, 0, TimeSpan.Zero);
        var newRound2 = new DateTimeOffset(2027, 3, 5, 8, 0, 0, TimeSpan.Zero);

        var onOldRound2 = CycleDecider.Decide(snapshot, Round2);
        Assert.Empty(onOldRound2.Actions);
        Assert.Equal(newRound1, onOldRound2.WakeAt);

        var onNewRound1 = CycleDecider.Decide(snapshot, newRound1);
        Assert.Empty(onNewRound1.Actions);
        Assert.Equal(newRound2, onNewRound1.WakeAt);

        Assert.Equal([(101, 2)], Reminders(CycleDecider.Decide(snapshot, newRound2)));
    }

    [Fact]
    public void A_deadline_moved_later_after_round_2_sends_no_earlier_round()
    {
        var moved = Open2027 with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 3, 12), new TimeOnly(23, 59)) };
        var snapshot = Snapshot(moved, Jc(101, mails: [Invited, Sent(MailSteps.Reminder(2), Round2)]));

        // The new round 1 (26 Feb) is due, but round 2 already went out.
        Assert.Empty(CycleDecider.Decide(snapshot, new DateTimeOffset(2027, 2, 26, 9, 0, 0, TimeSpan.Zero)).Actions);
    }

    [Fact]
    public void A_deferred_mail_is_tried_again_after_the_retry_delay_not_before()
    {
        var deferredAt = OpensAt.AddMinutes(1);
        var snapshot = Snapshot(Open2027, Jc(101, mails: new MailRecord(MailSteps.Invitation, SendStatus.Deferred, deferredAt, "429")));

        var early = CycleDecider.Decide(snapshot, deferredAt.AddMinutes(5));
        Assert.Empty(early.Actions);
        Assert.Equal(deferredAt.AddMinutes(15), early.WakeAt);

        Assert.Equal([101], InvitedCodes(CycleDecider.Decide(snapshot, deferredAt.AddMinutes(15))));
    }

    [Fact]
    public void A_fresh_sending_claim_is_left_alone_and_a_stale_one_is_retried_after_the_configured_wait()
    {
        var claimAt = OpensAt.AddMinutes(1);
        var jc = Jc(101, mails: new MailRecord(MailSteps.Invitation, SendStatus.Sending, claimAt));
        var snapshot = Snapshot(Open2027, jc) with { StaleClaimAfter = TimeSpan.FromMinutes(3) };

        var fresh = CycleDecider.Decide(snapshot, claimAt.AddMinutes(2));
        Assert.Empty(fresh.Actions);
        Assert.Equal(claimAt.AddMinutes(3), fresh.WakeAt);
        Assert.Equal(new NextMail.InFlight(MailSteps.Invitation, claimAt.AddMinutes(3)), CycleDecider.Explain(snapshot, jc, claimAt.AddMinutes(2)));
        Assert.Equal([101], InvitedCodes(CycleDecider.Decide(snapshot, claimAt.AddMinutes(3))));
    }

    [Fact]
    public void A_manual_reminder_request_goes_to_those_not_submitted_and_waits_for_the_gap_unless_overridden()
    {
        var asked = Round1.AddDays(1);
        var invited = Jc(101, mails: Invited);
        var mailedYesterday = Jc(147, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)]);
        var submitted = Jc(151, submitted: true, mails: Invited);
        var cycle = Open2027 with { ManualReminder = new ManualReminderRequest(1, asked, IgnoreGap: false) };
        var round = MailSteps.ManualRoundBase + 1;

        var d = CycleDecider.Decide(Snapshot(cycle, invited, mailedYesterday, submitted), asked);
        Assert.Equal([(101, round)], Reminders(d));
        Assert.Equal(Round1 + Open2027.Reminders.MinimumGapBetweenMails, d.WakeAt);
        Assert.Equal(new NextMail.ManualReminderWaits(1, Round1.AddHours(48), TimeSpan.FromHours(48)), CycleDecider.Explain(Snapshot(cycle, mailedYesterday), mailedYesterday, asked));

        var overridden = cycle with { ManualReminder = new ManualReminderRequest(1, asked, IgnoreGap: true) };
        Assert.Equal([(101, round), (147, round)], Reminders(CycleDecider.Decide(Snapshot(overridden, invited, mailedYesterday, submitted), asked)));

        // Once sent, the request is done for that jobcentre: nothing again.
        var done = Jc(101, mails: [Invited, Sent(MailSteps.Reminder(round), asked)]);
        Assert.Empty(Reminders(CycleDecider.Decide(Snapshot(overridden, done), asked.AddMinutes(5))));
    }

    [Fact]
    public void A_moved_deadline_with_notice_mails_each_invited_jobcentre_not_submitted_once_per_notice()
    {
        var at = OpensAt.AddDays(3);
        var cycle = Open2027 with { Deadline = Deadline.AddDays(7), DeadlineNotice = 2, DeadlineNoticeAt = at };
        var notYet = Jc(101, mails: Invited);
        var had = Jc(147, mails: [Invited, Sent(MailSteps.DeadlineMoved(2), at)]);
        var hadEarlierOnly = Jc(151, mails: [Invited, Sent(MailSteps.DeadlineMoved(1), at.AddDays(-1))]);
        var invitedAfter = Jc(153, mails: Sent(MailSteps.Invitation, at.AddMinutes(1)));

        var d = CycleDecider.Decide(Snapshot(cycle, notYet, had, hadEarlierOnly, invitedAfter), at.AddSeconds(1));

        Assert.Equal([new CycleAction.SendDeadlineNotice(2027, 101, 2), new CycleAction.SendDeadlineNotice(2027, 151, 2)], d.Actions);
    }

    [Fact]
    public void A_reopened_cycle_mails_those_not_submitted_once_and_after_its_next_close_builds_a_new_bilag()
    {
        var reopened = Open2027 with { Reopened = 1, Deadline = Deadline.AddDays(14) };
        var now = Deadline.AddDays(2);
        var notSubmitted = Jc(101, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)]);
        var submitted = Jc(147, submitted: true, mails: Invited);
        var told = Jc(151, mails: [Invited, Sent(MailSteps.Reopened(1), now)]);

        var d = CycleDecider.Decide(Snapshot(reopened, notSubmitted, submitted, told), now.AddMinutes(1));

        Assert.Equal([new CycleAction.SendReopenNotice(2027, 101, 1)], d.Actions);
        var closedAgain = reopened with { State = CycleState.Closed, ClosedAt = reopened.Deadline, ClosedReason = nameof(CloseReason.Deadline) };
        Assert.Equal([new CycleAction.BuildFinalBilag(2027)], CycleDecider.Decide(Snapshot(closedAgain, submitted), reopened.Deadline.AddMinutes(1)).Actions);
    }

    [Fact]
    public void A_failed_invitation_is_not_retried_and_blocks_reminders()
    {
        var jc = Jc(101, mails: new MailRecord(MailSteps.Invitation, SendStatus.Failed, OpensAt, "400"));
        var snapshot = Snapshot(Open2027, jc);

        Assert.Empty(CycleDecider.Decide(snapshot, Round1).Actions);
        Assert.Equal(new NextMail.InvitationFailed(), CycleDecider.Explain(snapshot, jc, Round1));
    }

    [Fact]
    public void After_closing_the_bilag_is_built_first_then_the_secretariat_and_submitters_are_mailed()
    {
        var closed = Open2027 with { State = CycleState.Closed, ClosedAt = Deadline };
        var jobcentres = new[] { Jc(101, submitted: true, mails: Invited), Jc(147, mails: Invited), Jc(151, submitted: true, blocked: true, mails: Invited) };
        var now = Deadline.AddMinutes(1);

        Assert.Equal([new CycleAction.BuildFinalBilag(2027)], CycleDecider.Decide(Snapshot(closed, jobcentres), now).Actions);

        var built = Snapshot(closed, jobcentres) with { FinalBilagBuilt = true };
        var d = CycleDecider.Decide(built, now);
        Assert.Equal([new CycleAction.NotifySecretariat(2027), new CycleAction.SendMunicipalityForm(2027, 101)], d.Actions);
        Assert.False(d.Finished);

        var done = built with
        {
            SecretariatMails = [Sent(MailSteps.BilagReady, now)],
            Jobcentres = [Jc(101, submitted: true, mails: [Invited, Sent(MailSteps.OwnForm, now)]), jobcentres[1], jobcentres[2]],
        };
        var finished = CycleDecider.Decide(done, now);
        Assert.Empty(finished.Actions);
        Assert.Null(finished.WakeAt);
        Assert.True(finished.Finished);
    }

    [Fact]
    public void A_closed_cycle_without_the_bilag_feature_is_finished()
    {
        var closed = Snapshot(Open2027 with { State = CycleState.Closed }, Jc(101)) with { PostCloseStepsAvailable = false };

        Assert.True(CycleDecider.Decide(closed, Deadline.AddDays(1)).Finished);
    }

    [Fact]
    public void No_cycle_means_nothing_to_do()
    {
        var d = CycleDecider.Decide(new CycleSnapshot(2027, null, [], [], true, false, TimeSpan.FromMinutes(15)), OpensAt);

        Assert.Empty(d.Actions);
        Assert.True(d.Finished);
    }

    [Fact]
    public void The_snapshot_survives_a_json_round_trip_and_decides_the_same()
    {
        var snapshot = Snapshot(Open2027, Jc(101, mails: [Invited, Sent("link-2", Round1.AddHours(-3))]), Jc(147, mails: Invited), Jc(151));

        var copy = JsonSerializer.Deserialize<CycleSnapshot>(JsonSerializer.Serialize(snapshot))!;
        // The Functions worker passes activity results with the web defaults (camelCase).
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var webCopy = JsonSerializer.Deserialize<CycleSnapshot>(JsonSerializer.Serialize(snapshot, web), web)!;

        Assert.Equal(CycleDecider.Decide(snapshot, Round1), CycleDecider.Decide(copy, Round1), new DecisionComparer());
        Assert.Equal(CycleDecider.Decide(snapshot, Round1), CycleDecider.Decide(webCopy, Round1), new DecisionComparer());
        Assert.NotEmpty(CycleDecider.Decide(webCopy, Round1).Actions);
    }

    private sealed class DecisionComparer : IEqualityComparer<CycleDecision>
    {
        public bool Equals(CycleDecision? x, CycleDecision? y) =>
            x!.Actions.SequenceEqual(y!.Actions) && x.WakeAt == y.WakeAt && x.Finished == y.Finished;

        public int GetHashCode(CycleDecision obj) => obj.Actions.Count;
    }

    private static JobcentreCycleState SubmittedAs(int code, string submissionId, params MailRecord[] mails) =>
        Jc(code, submitted: true, mails: [Invited, .. mails]) with { SubmissionId = submissionId };

    [Fact]
    public void A_submit_without_a_receipt_gets_one_and_one_with_its_receipt_gets_none()
    {
        var now = OpensAt.AddDays(3);
        var d = CycleDecider.Decide(Snapshot(Open2027,
            SubmittedAs(101, "a1"),
            SubmittedAs(147, "b1", Sent(MailSteps.Receipt("b1"), now.AddHours(-1))),
            SubmittedAs(151, "c2", Sent(MailSteps.Receipt("c1"), now.AddDays(-1))),
            Jc(153, mails: Invited)), now);

        Assert.Equal(
            [(101, "a1"), (151, "c2")],
            d.Actions.OfType<CycleAction.SendReceipt>().Select(a => (a.MunicipalityCode, a.SubmissionId)).ToList());
    }

    [Fact]
    public void The_submit_that_closes_the_cycle_early_still_gets_its_receipt_beside_the_close()
    {
        var d = CycleDecider.Decide(Snapshot(Open2027, SubmittedAs(101, "a1", Sent(MailSteps.Receipt("a1"), OpensAt.AddDays(1))), SubmittedAs(147, "b1")), OpensAt.AddDays(2));

        Assert.Contains(new CycleAction.CloseCycle(2027, CloseReason.AllSubmitted), d.Actions);
        Assert.Equal([147], d.Actions.OfType<CycleAction.SendReceipt>().Select(a => a.MunicipalityCode).ToList());
    }

    [Fact]
    public void A_deferred_receipt_is_tried_again_after_the_retry_delay_and_a_blocked_address_gets_none()
    {
        var now = OpensAt.AddDays(3);
        var deferred = new MailRecord(MailSteps.Receipt("a1"), SendStatus.Deferred, now.AddMinutes(-5));
        var d = CycleDecider.Decide(Snapshot(Open2027, SubmittedAs(101, "a1", deferred), SubmittedAs(147, "b1") with { MailBlocked = true }, Jc(151, mails: Invited)), now);

        Assert.Empty(d.Actions.OfType<CycleAction.SendReceipt>());
        Assert.Equal(now.AddMinutes(10), d.WakeAt);
    }

    /// <summary>
    /// A storage crash (a killed Azurite) can lose send-log rows it had acknowledged. "Done" is only what the rows say
    /// now: a jobcentre whose row of the round is gone gets the round again, planned or manual, the others do not.
    /// </summary>
    [Fact]
    public void A_round_whose_send_log_rows_were_lost_is_sent_again_to_exactly_those_jobcentres()
    {
        var planned = Snapshot(Open2027,
            Jc(101, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)]),
            Jc(147, mails: Invited),
            Jc(153, mails: [Invited, Sent(MailSteps.Reminder(1), Round1)]),
            Jc(155, mails: Invited));
        Assert.Equal([(147, 1), (155, 1)], Reminders(CycleDecider.Decide(planned, Round1.AddSeconds(10))));

        var requested = OpensAt.AddDays(3);
        var manualRound = MailSteps.ManualRoundBase + 1;
        var withManual = Open2027 with { ManualReminder = new ManualReminderRequest(1, requested, IgnoreGap: true) };
        var manual = Snapshot(withManual,
            Jc(101, mails: [Invited, Sent(MailSteps.Reminder(manualRound), requested)]),
            Jc(147, mails: Invited));
        Assert.Equal([(147, manualRound)], Reminders(CycleDecider.Decide(manual, requested.AddSeconds(10))));
    }
}
