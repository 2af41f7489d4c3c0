using System.Globalization;

namespace Fremdrift.Shared.Danish;

/// <summary>
/// The one home of Danish dates and Copenhagen time, for pages, mails, documents and the cycle's schedule.
/// The cycle's times are meant in Copenhagen ("09:00" is 09:00 on a Danish office clock, winter or summer) and
/// stored in UTC; every text shows them in Copenhagen time with one date style and one clock style:
/// "fredag den 26. februar 2027 kl. 23.59", and without the weekday ("26. februar 2027 kl. 23.59") where a
/// date stamps something rather than asks something of the reader (documents, time stamps, log lines).
/// Day and month names are written out here, so the wording does not depend on the ICU data of the machine.
/// </summary>
public static class DanishDates
{
    /// <summary>
    /// Europe/Copenhagen from the system's time zone data (tz on Linux, ICU-mapped on Windows), with its summer
    /// time rules. There is deliberately no fixed-offset fallback: a fixed CET would be an hour wrong half the year.
    /// </summary>
    public static TimeZoneInfo Copenhagen { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    private static readonly string[] Days = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    /// <summary>The instant on a Copenhagen clock (its offset +01:00 in winter, +02:00 in summer).</summary>
    public static DateTimeOffset ToCopenhagen(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Copenhagen);

    /// <summary>The calendar date in Copenhagen at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(ToCopenhagen(at).DateTime);

    /// <summary>
    /// The UTC instant of <paramref name="time"/> on <paramref name="date"/> in Copenhagen. A local time that does
    /// not exist (the hour skipped when summer time starts, last Sunday of March) is moved forward by the skipped
    /// hour; one that exists twice (the hour repeated when it ends, last Sunday of October) is the second, in
    /// standard time.
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Copenhagen.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, Copenhagen.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>"fredag den 26. februar 2027 kl. 23.59": when something is due or happens, in pages and mails.</summary>
    public static string DateAndTime(DateTimeOffset at) => Date(at) + " kl. " + Clock(at);

    /// <summary>"fredag den 26. februar 2027".</summary>
    public static string Date(DateTimeOffset at)
    {
        var local = ToCopenhagen(at);
        return Days[(int)local.DayOfWeek] + " den " + ShortDate(at);
    }

    /// <summary>"26. februar 2027 kl. 23.59": a time stamp (documents, tables of built files, log lines).</summary>
    public static string ShortDateAndTime(DateTimeOffset at) => ShortDate(at) + " kl. " + Clock(at);

    /// <summary>"26. februar 2027": the date a document is dated.</summary>
    public static string ShortDate(DateTimeOffset at)
    {
        var local = ToCopenhagen(at);
        return string.Create(CultureInfo.InvariantCulture, $"{local.Day}. {Months[local.Month - 1]} {local.Year}");
    }

    /// <summary>"23.59": the Danish clock, hours and minutes with a full stop.</summary>
    private static string Clock(DateTimeOffset at) => ToCopenhagen(at).ToString("HH.mm", CultureInfo.InvariantCulture);
}
