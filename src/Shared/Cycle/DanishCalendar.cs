namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Danish working days: Monday to Friday except the public holidays (and the days offices close in practice:
/// grundlovsdag, juleaftensdag, nytårsaftensdag). Store bededag was abolished from 2024.
/// </summary>
public static class DanishCalendar
{
    /// <summary>The holidays of <paramref name="year"/> with their Danish names, in date order.</summary>
    public static IReadOnlyList<DanishHoliday> Holidays(int year)
    {
        var easter = EasterSunday(year);
        var list = new List<DanishHoliday>
        {
            new(new DateOnly(year, 1, 1), "Nytårsdag"),
            new(easter.AddDays(-3), "Skærtorsdag"),
            new(easter.AddDays(-2), "Langfredag"),
            new(easter, "Påskedag"),
            new(easter.AddDays(1), "2. påskedag"),
            new(easter.AddDays(39), "Kristi himmelfartsdag"),
            new(easter.AddDays(49), "Pinsedag"),
            new(easter.AddDays(50), "2. pinsedag"),
            new(new DateOnly(year, 6, 5), "Grundlovsdag"),
            new(new DateOnly(year, 12, 24), "Juleaftensdag"),
            new(new DateOnly(year, 12, 25), "Juledag"),
            new(new DateOnly(year, 12, 26), "2. juledag"),
            new(new DateOnly(year, 12, 31), "Nytårsaftensdag"),
        };
        if (year < 2024)
        {
            list.Add(new(easter.AddDays(26), "Store bededag"));
        }

        return list.OrderBy(h => h.Date).ToList();
    }

    public static bool IsHoliday(DateOnly date) => Holidays(date.Year).Any(h => h.Date == date);

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary><paramref name="date"/> itself if it is a working day, else the nearest working day before it.</summary>
    public static DateOnly OnOrBeforeWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary><paramref name="date"/> itself if it is a working day, else the nearest working day after it.</summary>
    public static DateOnly OnOrAfterWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}

/// <summary>A Danish public holiday.</summary>
public sealed record DanishHoliday(DateOnly Date, string Name);

/// <summary>
/// The cycle's times are meant in Copenhagen ("09:00" is 09:00 on a Danish office clock, winter or summer) and
/// stored in UTC. This converts between the two and formats times the Danish way for pages and progress lines.
/// </summary>
public static class CopenhagenTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    private static readonly string[] MonthAbbreviations = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

    /// <summary>
    /// The UTC instant of <paramref name="time"/> on <paramref name="date"/> in Copenhagen. A local time that does
    /// not exist (the hour skipped when summer time starts) is moved forward by the skipped hour.
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>"6. jan 08:00", as the progress lines show it.</summary>
    public static string ShortText(DateTimeOffset instant)
    {
        var l = ToLocal(instant);
        return $"{l.Day}. {MonthAbbreviations[l.Month - 1]} {l:HH\\:mm}";
    }

    /// <summary>"onsdag den 6. januar 2027 kl. 08.00": the one date style of pages, mails and documents.</summary>
    public static string LongText(DateTimeOffset instant) => Survey.DanishDates.DateAndTime(instant);
}
