using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>One reminder round and when it falls due (UTC).</summary>
public sealed record ReminderRound(int Round, DateTimeOffset DueAt);

/// <summary>
/// Turns the options into a year's dates, and a cycle's reminder plan into due times. Pure: the same inputs give
/// the same times, so the decider can recompute them on every turn (a moved deadline moves future reminders).
/// </summary>
public static class CycleSchedule
{
    public static DateTimeOffset DefaultOpensAt(int year, CycleOptions options) =>
        DanishDates.ToUtc(
            DanishCalendar.OnOrAfterWorkingDay(new DateOnly(year, 1, options.OpenAfterDayOfJanuary).AddDays(1)),
            options.OpenAt);

    public static DateTimeOffset DefaultDeadline(int year, CycleOptions options)
    {
        var lastOfMonth = new DateOnly(year, options.DeadlineMonth, DateTime.DaysInMonth(year, options.DeadlineMonth));
        return DanishDates.ToUtc(DanishCalendar.OnOrBeforeWorkingDay(lastOfMonth), options.DeadlineAt);
    }

    /// <summary>A new, planned cycle for <paramref name="year"/> with the default dates and plan.</summary>
    public static FollowUpCycle Plan(int year, CycleOptions options) => new(
        year,
        year,
        DefaultOpensAt(year, options),
        DefaultDeadline(year, options),
        new ReminderPlan(options.ReminderDays(), options.ReminderAt, options.MaxRemindersPerJobcentre, options.MinimumGapBetweenMails),
        options.CloseEarlyWhenAllSubmitted,
        CycleState.Planned,
        null,
        null,
        "");

    /// <summary>
    /// The cycle the timer should make sure exists at <paramref name="now"/>: this year's until its default
    /// deadline has passed, then next year's (planned, it waits for January).
    /// </summary>
    public static int YearToPlan(DateTimeOffset now, CycleOptions options)
    {
        var year = DanishDates.ToCopenhagen(now).Year;
        return now > DefaultDeadline(year, options) ? year + 1 : year;
    }

    /// <summary>
    /// The cycle's automatic reminder rounds, round 1 the earliest: each on its day before the deadline, moved
    /// back to a working day, at the plan's time in Copenhagen. Rounds that would fall before the opening or
    /// after the deadline are left out (their numbers are kept, so a round's step name never changes meaning).
    /// </summary>
    public static IReadOnlyList<ReminderRound> Reminders(FollowUpCycle cycle)
    {
        var deadlineDate = DanishDates.DateOf(cycle.Deadline);
        var days = cycle.Reminders.DaysBeforeDeadline.Distinct().OrderByDescending(d => d).ToList();
        var rounds = new List<ReminderRound>();
        for (var i = 0; i < days.Count; i++)
        {
            var date = DanishCalendar.OnOrBeforeWorkingDay(deadlineDate.AddDays(-days[i]));
            var due = DanishDates.ToUtc(date, cycle.Reminders.SendAt);
            if (due >= cycle.OpensAt && due < cycle.Deadline)
            {
                rounds.Add(new ReminderRound(i + 1, due));
            }
        }

        return rounds;
    }
}
