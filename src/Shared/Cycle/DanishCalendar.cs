namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Danish working days: Monday to Friday except the public holidays (and the days offices close in practice:
/// grundlovsdag, juleaftensdag, nytårsaftensdag). Store bededag was abolished from 2024.
/// </summary>
internal static class DanishCalendar
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
internal sealed record DanishHoliday(DateOnly Date, string Name);

