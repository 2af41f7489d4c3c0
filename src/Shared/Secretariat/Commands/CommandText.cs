using System.Globalization;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>Danish wording that several commands' messages and confirmation pages share.</summary>
internal static class CommandText
{
    public static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many}";

    public static string ResponseWord(ResponseState state) => state switch
    {
        ResponseState.NotOpened => "ikke åbnet",
        ResponseState.Draft => "kladde",
        _ => "indsendt",
    };

    /// <summary>The year field every confirmation page posts back.</summary>
    public static List<KeyValuePair<string, string>> YearField(int year) => [new("aar", year.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A municipality code from a form field, or null when it is not a plain number.</summary>
    public static int? Code(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
}
