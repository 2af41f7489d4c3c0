using System.Globalization;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The table of what the secretariat edits for a year (recommendations <c>cat|…</c>, schedule <c>schedule</c>, mail
/// texts <c>mail|…</c>): one partition per year. The partition key is built here only, so that it can later gain a
/// prefix (another follow-up in the same deployment) in one place.
/// </summary>
public static class YearContentTable
{
    public const string Name = "YearContent";

    public static string PartitionKey(int year) => year.ToString(CultureInfo.InvariantCulture);
}
