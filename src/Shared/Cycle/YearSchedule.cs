using System.Globalization;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// A year's schedule as the secretariat set it (the <c>schedule</c> row of YearContent): the opening day, the
/// deadline day and the reminder days before the deadline. The times of day stay the settings' (Cycle:OpenAt,
/// DeadlineAt, ReminderAt). <see cref="Version"/> is the row's ETag; empty when not stored.
/// </summary>
public sealed record YearSchedule(int Year, DateOnly OpensOn, DateOnly DeadlineOn, IReadOnlyList<int> ReminderDays, string Version)
{
    /// <summary>Today's defaults from the settings (<see cref="CycleSchedule.Plan"/>).</summary>
    public static YearSchedule Default(int year, CycleOptions options) => Of(CycleSchedule.Plan(year, options));

    /// <summary>The schedule a cycle row holds.</summary>
    public static YearSchedule Of(FollowUpCycle cycle) =>
        new(cycle.Year, DanishDates.DateOf(cycle.OpensAt), DanishDates.DateOf(cycle.Deadline), cycle.Reminders.DaysBeforeDeadline, "");

    /// <summary>The cycle with this schedule's dates and reminder days (the times of day from the settings).</summary>
    public FollowUpCycle ApplyTo(FollowUpCycle cycle, CycleOptions options) => cycle with
    {
        OpensAt = DanishDates.ToUtc(OpensOn, options.OpenAt),
        Deadline = DanishDates.ToUtc(DeadlineOn, options.DeadlineAt),
        Reminders = cycle.Reminders with { DaysBeforeDeadline = ReminderDays },
    };

    public string ReminderDaysText => string.Join(",", ReminderDays);
}

/// <summary>
/// Checks a schedule typed by the secretariat against the Danish calendar (<see cref="DanishCalendar"/>): the
/// opening on a working day of the cycle's year and not in the past, the deadline after the opening, every reminder
/// after the opening and before the deadline, no more reminder days than a jobcentre may get.
/// </summary>
internal static class YearScheduleRules
{
    public static (YearSchedule? Schedule, IReadOnlyList<EditProblem> Problems) Parse(
        int year, string opening, string deadline, string reminders, DateTimeOffset now, CycleOptions options)
    {
        var problems = new List<EditProblem>();
        var opensOn = Date(opening, "aabning", "Åbningsdagen", problems);
        var deadlineOn = Date(deadline, "svarfrist", "Svarfristen", problems);
        var days = new List<int>();
        foreach (var part in reminders.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 60)
            {
                problems.Add(new("paamindelser", $"Påmindelsesdagene skal være hele tal fra 1 til 60 adskilt af komma, f.eks. \"14,7,2\" (\"{part}\" er ikke)."));
                break;
            }

            days.Add(d);
        }

        days = days.Distinct().OrderByDescending(d => d).ToList();
        if (days.Count > options.MaxRemindersPerJobcentre)
        {
            problems.Add(new("paamindelser", $"Højst {options.MaxRemindersPerJobcentre} påmindelser pr. jobcenter (indstillingen Cycle:MaxRemindersPerJobcentre); du har skrevet {days.Count}."));
        }

        if (opensOn is { } o)
        {
            if (o.Year != year)
            {
                problems.Add(new("aabning", $"Åbningsdagen skal ligge i {year}."));
            }
            else if (!DanishCalendar.IsWorkingDay(o))
            {
                problems.Add(new("aabning", $"Åbningsdagen {Danish(o)} er ikke en arbejdsdag ({WhyNotWorking(o)}). Vælg en hverdag."));
            }
            else if (DanishDates.ToUtc(o, options.OpenAt) <= now)
            {
                problems.Add(new("aabning", $"Åbningsdagen {Danish(o)} kl. {options.OpenAt:HH\\.mm} er allerede passeret. Vælg en senere dag (eller start opfølgningen nu under Kommandoer)."));
            }
        }

        if (deadlineOn is { } dl)
        {
            if (dl.Year != year)
            {
                problems.Add(new("svarfrist", $"Svarfristen skal ligge i {year}."));
            }
            else if (opensOn is { } o2 && dl <= o2)
            {
                problems.Add(new("svarfrist", $"Svarfristen ({Danish(dl)}) skal ligge efter åbningsdagen ({Danish(o2)})."));
            }
        }

        if (problems.Count > 0 || opensOn is null || deadlineOn is null)
        {
            return (null, problems);
        }

        foreach (var d in days)
        {
            var date = DanishCalendar.OnOrBeforeWorkingDay(deadlineOn.Value.AddDays(-d));
            if (date <= opensOn.Value)
            {
                problems.Add(new("paamindelser", $"Påmindelsen {d} dage før svarfristen ville falde {Danish(date)}, ikke efter åbningen {Danish(opensOn.Value)}. Vælg færre dage, en tidligere åbning eller en senere svarfrist."));
            }
        }

        return problems.Count > 0 ? (null, problems) : (new YearSchedule(year, opensOn.Value, deadlineOn.Value, days, ""), problems);
    }

    /// <summary>"fredag den 7. januar 2028".</summary>
    public static string Danish(DateOnly date) => DanishDates.Date(DanishDates.ToUtc(date, new TimeOnly(12, 0)));

    private static string WhyNotWorking(DateOnly date) =>
        DanishCalendar.Holidays(date.Year).FirstOrDefault(h => h.Date == date)?.Name.ToLowerInvariant()
        ?? (date.DayOfWeek == DayOfWeek.Saturday ? "lørdag" : "søndag");

    private static DateOnly? Date(string raw, string field, string what, List<EditProblem> problems)
    {
        if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        problems.Add(new(field, raw.Trim().Length == 0 ? $"{what} mangler; vælg en dato." : $"{what} \"{raw.Trim()}\" er ikke en dato (skriv den som åååå-mm-dd)."));
        return null;
    }
}
