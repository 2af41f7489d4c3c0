using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The Danish words, marks and dates the documents print, in one place; and the guard that turns any typed
/// text into characters XML can carry.
/// </summary>
public static class DocumentText
{
    public const string DraftMark = "UDKAST – ikke endeligt";

    public static string BilagTitle(int year) =>
        $"Status for anbefalinger til tværkommunalt samarbejde på beskæftigelsesområdet {year}";

    public static string ResponseRate(int answered, int total) =>
        $"{answered} af {total} jobcentre har svaret";

    /// <summary>The mark printed in an overview cell: readable without colour (Grøn and Gul share the letter G, so two letters).</summary>
    public static string Mark(Rating? rating) => rating switch
    {
        Rating.Groen => "Gr",
        Rating.Gul => "Gu",
        Rating.Roed => "Rø",
        Rating.IkkeRelevant => "–",
        _ => "",
    };

    public const string Legend =
        "Gr = Grøn, Gu = Gul, Rø = Rød, – = Ikke relevant (kun KAN-anbefalinger), tomt felt = ikke besvaret. " +
        "Farven i feltet svarer til markeringen, så oversigten også kan læses i sort-hvid.";

    /// <summary>Cell shading (hex RGB), light enough for black text to stay readable.</summary>
    public static string? Fill(Rating? rating) => rating switch
    {
        Rating.Groen => "9BD18B",
        Rating.Gul => "FFE066",
        Rating.Roed => "F28B82",
        Rating.IkkeRelevant => "E7E6E6",
        _ => null,
    };

    public static string Obligation(Obligation obligation) => obligation == Domain.Obligation.Skal ? "SKAL" : "KAN";

    public static string Change(YearOverYear change, Rating? lastYear, int previousYear) => change switch
    {
        YearOverYear.Better => $"↑ Bedre ({previousYear}: {lastYear!.Value.Danish()})",
        YearOverYear.Same => "= Uændret",
        YearOverYear.Worse => $"↓ Dårligere ({previousYear}: {lastYear!.Value.Danish()})",
        _ when lastYear is not null => $"– ({previousYear}: {lastYear.Value.Danish()})",
        _ => "–",
    };

    public static string ChangeWord(YearOverYear change) => change switch
    {
        YearOverYear.Better => "Bedre",
        YearOverYear.Same => "Uændret",
        YearOverYear.Worse => "Dårligere",
        _ => "",
    };

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    private static readonly Lazy<TimeZoneInfo> Copenhagen = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
        }
    });

    /// <summary>The time as the secretariat reads it: Danish local time.</summary>
    public static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Copenhagen.Value).DateTime;

    /// <summary>"15. februar 2027" (month names fixed here, so the text does not depend on the host's culture data).</summary>
    public static string Date(DateTimeOffset at)
    {
        var local = Local(at);
        return $"{local.Day}. {Months[local.Month - 1]} {local.Year}";
    }

    /// <summary>"15. februar 2027 kl. 14.05".</summary>
    public static string DateAndTime(DateTimeOffset at)
    {
        var local = Local(at);
        return Date(at) + " kl. " + local.ToString("HH.mm", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Removes what XML 1.0 cannot carry (control characters other than tab and line breaks, lone surrogates,
    /// U+FFFE/U+FFFF), so that a pasted remark can never make the document unwritable, and the bidirectional
    /// controls (<see cref="Web.FormText.IsBidiControl"/>), so that no remark can reorder how the official bilag
    /// reads. Everything else is kept.
    /// </summary>
    public static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bool ok;
            if (char.IsHighSurrogate(c))
            {
                ok = i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (ok)
                {
                    sb?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
            }
            else
            {
                ok = !char.IsLowSurrogate(c) && (c >= 0x20 || c is '\t' or '\n' or '\r') && c is not ('\uFFFE' or '\uFFFF') && !Web.FormText.IsBidiControl(c);
            }

            if (!ok)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                continue;
            }

            sb?.Append(c);
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>Splits typed text into lines (CR LF, LF or CR), after <see cref="XmlSafe"/>.</summary>
    public static string[] Lines(string? text) =>
        XmlSafe(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    /// <summary>"Høje-Taastrup" → "hoeje-taastrup": the ASCII form used in blob names.</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            switch (c)
            {
                case 'æ': sb.Append("ae"); break;
                case 'ø': sb.Append("oe"); break;
                case 'å': sb.Append("aa"); break;
                case >= 'a' and <= 'z' or >= '0' and <= '9': sb.Append(c); break;
                default:
                    if (sb.Length > 0 && sb[^1] != '-')
                    {
                        sb.Append('-');
                    }

                    break;
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "kommune" : slug;
    }
}
