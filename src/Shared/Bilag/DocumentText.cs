using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The Danish words, marks and dates the documents print, in one place; and the guard that turns any typed
/// text into characters XML can carry.
/// </summary>
internal static class DocumentText
{
    public const string DraftMark = "UDKAST – ikke endeligt";

    public static string BilagTitle(int year) =>
        $"Status for anbefalinger til tværkommunalt samarbejde på beskæftigelsesområdet {year}";

    public static string ResponseRate(int answered, int total) =>
        $"{answered} af {total} jobcentre har svaret";

    /// <summary>The status word of a submitted answer without a status (kept readable, counted on its own).</summary>
    public static string WithoutStatus => StatusColumn.WithoutStatus.Heading;

    public static string NotAnswered => StatusColumn.NotAnswered.Heading;

    /// <summary>The column (and chart series) headings of a row of counts, in <see cref="StatusColumn.All"/> order.</summary>
    public static IReadOnlyList<string> StatusHeadings { get; } = StatusColumn.All.Select(c => c.Heading).ToList();

    /// <summary>The status word of one cell: the rating's name, "Uden status" when submitted without one, "Ikke svaret" when not submitted.</summary>
    public static string StatusWord(bool answered, Rating? rating) => StatusColumn.Of(answered, rating).Heading;

    /// <summary>
    /// The legend in one line, above the overview (the full legend is on the first page). Entries are separated
    /// by semicolons, since "Ikke svaret"'s mark is a middle dot and a dot separator would read "· · Ikke svaret".
    /// </summary>
    public static string ShortLegend { get; } =
        string.Join("; ", StatusColumn.All.Select(c => $"{c.Mark} = {c.Heading}")) + ". Se signaturforklaringen på side 1.";

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
