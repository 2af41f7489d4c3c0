using System.Globalization;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// Danish dates as people read them ("fredag den 26. februar 2027 kl. 23.59"), in Europe/Copenhagen time.
/// Written out by hand so the wording does not depend on the ICU data of the machine.
/// </summary>
public static class DanishDates
{
    private static readonly string[] Days = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    private static readonly Lazy<TimeZoneInfo> Copenhagen = new(() => TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"));

    public static DateTimeOffset ToCopenhagen(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Copenhagen.Value);

    /// <summary>"fredag den 26. februar 2027 kl. 23.59".</summary>
    public static string DateAndTime(DateTimeOffset at)
    {
        var local = ToCopenhagen(at);
        return $"{Date(at)} kl. {local.ToString("HH.mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"fredag den 26. februar 2027".</summary>
    public static string Date(DateTimeOffset at)
    {
        var local = ToCopenhagen(at);
        return string.Create(CultureInfo.InvariantCulture, $"{Days[(int)local.DayOfWeek]} den {local.Day}. {Months[local.Month - 1]} {local.Year}");
    }

    /// <summary>"26.02.2027 kl. 23.59", for compact status lines.</summary>
    public static string Compact(DateTimeOffset at) =>
        ToCopenhagen(at).ToString("dd.MM.yyyy 'kl.' HH.mm", CultureInfo.InvariantCulture);
}
