using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Cycle;

public class CalendarAndScheduleTests
{
    private static readonly CycleOptions Defaults = new();

    [Theory]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_matches_the_published_dates(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), DanishCalendar.EasterSunday(year));

    [Fact]
    public void Holidays_of_2027_are_the_danish_ones_and_store_bededag_is_gone()
    {
        var holidays = DanishCalendar.Holidays(2027).ToDictionary(h => h.Name, h => h.Date);

        Assert.Equal(new DateOnly(2027, 3, 25), holidays["Skærtorsdag"]);
        Assert.Equal(new DateOnly(2027, 3, 26), holidays["Langfredag"]);
        Assert.Equal(new DateOnly(2027, 3, 29), holidays["2. påskedag"]);
        Assert.Equal(new DateOnly(2027, 5, 6), holidays["Kristi himmelfartsdag"]);
        Assert.Equal(new DateOnly(2027, 5, 17), holidays["2. pinsedag"]);
        Assert.Equal(new DateOnly(2027, 6, 5), holidays["Grundlovsdag"]);
        Assert.Equal(new DateOnly(2027, 12, 24), holidays["Juleaftensdag"]);
        Assert.Equal(new DateOnly(2027, 12, 31), holidays["Nytårsaftensdag"]);
        Assert.False(holidays.ContainsKey("Store bededag"));
        Assert.Equal(13, holidays.Count);
    }

    [Fact]
    public void Store_bededag_is_a_holiday_until_2023_only()
    {
        Assert.True(DanishCalendar.IsHoliday(new DateOnly(2023, 5, 5)));
        Assert.False(DanishCalendar.IsHoliday(new DateOnly(2024, 4, 26)));
        Assert.True(DanishCalendar.IsWorkingDay(new DateOnly(2024, 4, 26)));
    }

    [Fact]
    public void Weekends_and_holidays_are_not_working_days()
    {
        Assert.False(DanishCalendar.IsWorkingDay(new DateOnly(2027, 2, 27))); // Saturday
        Assert.False(DanishCalendar.IsWorkingDay(new DateOnly(2027, 2, 28))); // Sunday
        Assert.False(DanishCalendar.IsWorkingDay(new DateOnly(2027, 1, 1))); // Nytårsdag, a Friday
        Assert.True(DanishCalendar.IsWorkingDay(new DateOnly(2027, 1, 6)));
    }

    [Fact]
    public void Default_opening_is_the_first_working_day_after_5_january_at_0800_copenhagen()
    {
        // 2027: 5 January is a Tuesday, so Wednesday the 6th; 08:00 CET is 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 7, 0, 0, TimeSpan.Zero), CycleSchedule.DefaultOpensAt(2027, Defaults));
        // 2024: 5 January is a Friday, the 6th a Saturday: Monday the 8th.
        Assert.Equal(new DateTimeOffset(2024, 1, 8, 7, 0, 0, TimeSpan.Zero), CycleSchedule.DefaultOpensAt(2024, Defaults));
    }

    [Theory]
    [InlineData(2027, 26)] // 28 Feb is a Sunday
    [InlineData(2026, 27)] // 28 Feb is a Saturday
    [InlineData(2024, 29)] // leap year, a Thursday
    public void Default_deadline_is_the_last_working_day_of_february_at_2359(int year, int day)
    {
        var deadline = CycleSchedule.DefaultDeadline(year, Defaults);

        Assert.Equal(new DateTimeOffset(year, 2, day, 22, 59, 0, TimeSpan.Zero), deadline);
        Assert.Equal(new DateTimeOffset(year, 2, day, 23, 59, 0, TimeSpan.FromHours(1)), DanishDates.ToCopenhagen(deadline));
    }

    [Fact]
    public void Default_reminders_of_2027_fall_14_7_and_2_days_before_at_0900()
    {
        var rounds = CycleSchedule.Reminders(CycleSchedule.Plan(2027, Defaults));

        Assert.Equal(
            [
                new ReminderRound(1, new DateTimeOffset(2027, 2, 12, 8, 0, 0, TimeSpan.Zero)),
                new ReminderRound(2, new DateTimeOffset(2027, 2, 19, 8, 0, 0, TimeSpan.Zero)),
                new ReminderRound(3, new DateTimeOffset(2027, 2, 24, 8, 0, 0, TimeSpan.Zero)),
            ],
            rounds);
    }

    [Fact]
    public void A_reminder_day_on_a_weekend_moves_back_to_friday()
    {
        // Deadline Monday 1 March 2027: two days before is Saturday 27 February.
        var cycle = CycleSchedule.Plan(2027, Defaults) with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 3, 1), new TimeOnly(23, 59)) };

        var round3 = CycleSchedule.Reminders(cycle).Single(r => r.Round == 3);

        Assert.Equal(new DateOnly(2027, 2, 26), DanishDates.DateOf(round3.DueAt));
    }

    [Fact]
    public void Reminders_skip_easter_and_collapse_onto_the_same_working_day()
    {
        // Deadline Wednesday 31 March 2027. 2 days before is 2. påskedag; before it Sunday, Saturday, langfredag,
        // skærtorsdag: Wednesday 24 March, which is also 7 days before. Both rounds fall at the same time.
        var cycle = CycleSchedule.Plan(2027, Defaults) with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 3, 31), new TimeOnly(23, 59)) };

        var rounds = CycleSchedule.Reminders(cycle);

        Assert.Equal(new DateOnly(2027, 3, 17), DanishDates.DateOf(rounds[0].DueAt));
        Assert.Equal(new DateOnly(2027, 3, 24), DanishDates.DateOf(rounds[1].DueAt));
        Assert.Equal(rounds[1].DueAt, rounds[2].DueAt);
    }

    [Fact]
    public void Reminders_stay_at_0900_local_across_the_change_to_summer_time()
    {
        // Summer time starts 28 March 2027. Deadline Friday 9 April: round 1 (26 March, langfredag → 25,
        // skærtorsdag → 24 March) is in winter time, round 2 (2 April) in summer time.
        var cycle = CycleSchedule.Plan(2027, Defaults) with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 4, 9), new TimeOnly(23, 59)) };

        var rounds = CycleSchedule.Reminders(cycle);

        Assert.Equal(new DateTimeOffset(2027, 4, 9, 21, 59, 0, TimeSpan.Zero), cycle.Deadline);
        Assert.Equal(new DateTimeOffset(2027, 3, 24, 8, 0, 0, TimeSpan.Zero), rounds[0].DueAt);
        Assert.Equal(new DateTimeOffset(2027, 4, 2, 7, 0, 0, TimeSpan.Zero), rounds[1].DueAt);
        Assert.All(rounds, r => Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(DanishDates.ToCopenhagen(r.DueAt).DateTime)));
    }

    [Fact]
    public void A_time_in_the_skipped_summer_time_hour_moves_forward_an_hour()
    {
        var at = DanishDates.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void Rounds_before_the_opening_are_left_out_but_keep_their_numbers()
    {
        var cycle = CycleSchedule.Plan(2027, Defaults) with { Deadline = DanishDates.ToUtc(new DateOnly(2027, 1, 15), new TimeOnly(23, 59)) };

        var rounds = CycleSchedule.Reminders(cycle);

        Assert.Equal([2, 3], rounds.Select(r => r.Round));
    }

    [Fact]
    public void The_year_to_plan_is_next_year_once_this_years_deadline_has_passed()
    {
        Assert.Equal(2027, CycleSchedule.YearToPlan(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), Defaults));
        Assert.Equal(2027, CycleSchedule.YearToPlan(new DateTimeOffset(2027, 2, 10, 10, 0, 0, TimeSpan.Zero), Defaults));
        // New Year's Eve 23:30 UTC is already 1 January in Copenhagen.
        Assert.Equal(2027, CycleSchedule.YearToPlan(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), Defaults));
    }

    [Fact]
    public void Options_validation_refuses_bad_reminder_days_and_gaps_in_danish()
    {
        var options = new CycleOptions { ReminderDaysBeforeDeadline = "14,0", MinimumGapBetweenMails = TimeSpan.FromDays(-1) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.Contains("MinimumGapBetweenMails", StringComparison.Ordinal));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("mellem 1 og 60 dage", StringComparison.Ordinal));
        Assert.Equal(ReminderPlan.Default.DaysBeforeDeadline, new CycleOptions().ReminderDays());
    }
}
