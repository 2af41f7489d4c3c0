using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;

namespace Fremdrift.Tests.Cycle;

/// <summary>The year's schedule as typed by the secretariat, checked against the Danish calendar.</summary>
public class YearScheduleRulesTests
{
    private static readonly DateTimeOffset Autumn2027 = new(2027, 10, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly CycleOptions Options = new();

    private static (YearSchedule? Schedule, IReadOnlyList<string> Messages) Parse(string opening, string deadline, string reminders, DateTimeOffset? now = null)
    {
        var (schedule, problems) = YearScheduleRules.Parse(2028, opening, deadline, reminders, now ?? Autumn2027, Options);
        return (schedule, problems.Select(p => p.Message).ToList());
    }

    [Fact]
    public void A_valid_schedule_is_taken_and_applied_to_the_planned_cycle_at_the_settings_times()
    {
        var (schedule, messages) = Parse("2028-01-11", "2028-03-03", " 21, 7 ,14");

        Assert.Empty(messages);
        Assert.Equal([21, 14, 7], schedule!.ReminderDays);
        var cycle = schedule.ApplyTo(CycleSchedule.Plan(2028, Options), Options);
        Assert.Equal(new DateTimeOffset(2028, 1, 11, 7, 0, 0, TimeSpan.Zero), cycle.OpensAt);
        Assert.Equal(new DateTimeOffset(2028, 3, 3, 22, 59, 0, TimeSpan.Zero), cycle.Deadline);
        Assert.Equal(3, CycleSchedule.Reminders(cycle).Count);
    }

    [Fact]
    public void The_defaults_are_todays_settings()
    {
        var d = YearSchedule.Default(2028, Options);
        var plan = CycleSchedule.Plan(2028, Options);
        Assert.Equal((DanishDatesOf(plan.OpensAt), DanishDatesOf(plan.Deadline)), (d.OpensOn, d.DeadlineOn));
        Assert.Equal([14, 7, 2], d.ReminderDays);
    }

    [Theory]
    [InlineData("2028-01-08", "Åbningsdagen lørdag den 8. januar 2028 er ikke en arbejdsdag (lørdag). Vælg en hverdag.")]
    [InlineData("2028-04-14", "Åbningsdagen fredag den 14. april 2028 er ikke en arbejdsdag (langfredag). Vælg en hverdag.")]
    [InlineData("2027-12-15", "Åbningsdagen skal ligge i 2028.")]
    [InlineData("15-01-2028", "Åbningsdagen \"15-01-2028\" er ikke en dato (skriv den som åååå-mm-dd).")]
    public void An_opening_on_a_holiday_or_weekend_or_outside_the_year_is_refused(string opening, string message)
    {
        var (schedule, messages) = Parse(opening, "2028-06-30", "");
        Assert.Null(schedule);
        Assert.Contains(message, messages);
    }

    [Fact]
    public void The_deadline_must_follow_the_opening_and_reminders_fall_between_them()
    {
        Assert.Contains("Svarfristen (mandag den 10. januar 2028) skal ligge efter åbningsdagen (tirsdag den 11. januar 2028).",
            Parse("2028-01-11", "2028-01-10", "").Messages);

        var (schedule, messages) = Parse("2028-02-01", "2028-02-29", "30,7");
        Assert.Null(schedule);
        Assert.Contains(messages, m => m.StartsWith("Påmindelsen 30 dage før svarfristen ville falde", StringComparison.Ordinal));

        Assert.Contains(Parse("2028-01-11", "2028-03-03", "14,7,2,1").Messages, m => m.StartsWith("Højst 3 påmindelser", StringComparison.Ordinal));
        Assert.Contains(Parse("2028-01-11", "2028-03-03", "14,nul").Messages, m => m.Contains("\"nul\" er ikke", StringComparison.Ordinal));
        Assert.Contains(Parse("2028-01-11", "2028-03-03", "0").Messages, m => m.StartsWith("Påmindelsesdagene skal være hele tal fra 1 til 60", StringComparison.Ordinal));
    }

    [Fact]
    public void An_opening_that_has_passed_is_refused()
    {
        var (_, messages) = Parse("2028-01-11", "2028-03-03", "", now: new DateTimeOffset(2028, 1, 12, 9, 0, 0, TimeSpan.Zero));
        Assert.Contains(messages, m => m.Contains("er allerede passeret", StringComparison.Ordinal));
    }

    private static DateOnly DanishDatesOf(DateTimeOffset at) => DanishDates.DateOf(at);
}
