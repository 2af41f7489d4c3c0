using System.Globalization;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The YearContent table: what the secretariat edits for a year, one partition per year, row keys by prefix
/// (<c>cat|</c> the recommendations, <c>schedule</c> the schedule, <c>mail|</c> the mail texts). The partition key is
/// built here only, so that a later prefix changes one line.
/// </summary>
internal static class YearContentTable
{
    public const string Name = "YearContent";

    public static string Partition(int year) => year.ToString(CultureInfo.InvariantCulture);
}
