using System.Globalization;
using System.Text;

namespace Fremdrift.Shared.Web;

/// <summary>
/// The text rules for everything a person types into the app's forms, in one place so both hosts and every form
/// apply them alike: a form body must be valid UTF-8 (percent-encoded or raw; a lone surrogate is invalid UTF-8
/// too) or it is refused whole; control characters other than tab and line breaks are removed; "visible" means a
/// character that shows (not whitespace, not a format character such as U+200B); bidirectional controls are
/// removed wherever text goes into a document; names are single-line.
/// </summary>
internal static class FormText
{
    /// <summary>The Danish refusal for a form that is not valid text.</summary>
    public const string InvalidUtf8Message =
        "Formularen indeholdt tegn, der ikke er gyldig tekst (UTF-8), så intet er gemt. Prøv igen, og kopiér eventuelt teksten ind som almindelig tekst.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The outcome of reading an urlencoded body.</summary>
    public abstract record Parsed
    {
        private Parsed()
        {
        }

        public sealed record Fields(IReadOnlyList<KeyValuePair<string, string>> Pairs) : Parsed;

        public sealed record InvalidUtf8 : Parsed;

        public sealed record TooManyOrTooLong : Parsed;
    }

    /// <summary>
    /// Reads application/x-www-form-urlencoded bytes. Unlike the framework's reader, which turns invalid UTF-8 into
    /// U+FFFD and stores it, any invalid byte sequence refuses the whole body. Control characters are removed from
    /// names and values (see <see cref="RemoveControlCharacters"/>).
    /// </summary>
    public static Parsed ParseUrlEncoded(ReadOnlySpan<byte> body, int maxFields = 256, int maxKeyLength = 200)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var bytes = new List<byte>();
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var segment = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (segment.IsEmpty)
            {
                continue;
            }

            if (pairs.Count >= maxFields)
            {
                return new Parsed.TooManyOrTooLong();
            }

            var equals = segment.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? segment : segment[..equals], bytes);
            var value = equals < 0 ? "" : Decode(segment[(equals + 1)..], bytes);
            if (name is null || value is null)
            {
                return new Parsed.InvalidUtf8();
            }

            if (name.Length > maxKeyLength)
            {
                return new Parsed.TooManyOrTooLong();
            }

            pairs.Add(new(RemoveControlCharacters(name), RemoveControlCharacters(value)));
        }

        return new Parsed.Fields(pairs);
    }

    /// <summary>Removes C0 controls (except tab, LF, CR), DEL and C1 controls (U+0080–U+009F): NUL and friends never reach storage.</summary>
    public static string RemoveControlCharacters(string text)
    {
        if (!text.Any(IsRemovedControl))
        {
            return text;
        }

        return new string(text.Where(c => !IsRemovedControl(c)).ToArray());
    }

    /// <summary>True when the text has at least one character that shows: not whitespace, not a control, not a format character (U+200B, U+200D, U+2060, U+FEFF, bidi controls).</summary>
    public static bool HasVisibleText(string? text) =>
        !string.IsNullOrEmpty(text) && text.EnumerateRunes().Any(r =>
            !Rune.IsWhiteSpace(r) && Rune.GetUnicodeCategory(r) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate));

    /// <summary>True when the text has no line break or other control character (for names and addresses).</summary>
    public static bool IsSingleLine(string text) => !text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    /// <summary>For a mail header such as the To name: controls and line separators become spaces, runs collapsed.</summary>
    public static string SingleLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var blank = char.IsControl(c) || c is '\u2028' or '\u2029' || IsBidiControl(c);
            if (blank)
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>
    /// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) and the marks
    /// (U+200E, U+200F, U+061C): they can make a document show text in another order than it was written
    /// ("Trojan Source"), so documents drop them. Arabic or Hebrew letters are kept.
    /// </summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>The text without bidirectional controls.</summary>
    public static string RemoveBidiControls(string text) =>
        text.Any(IsBidiControl) ? new string(text.Where(c => !IsBidiControl(c)).ToArray()) : text;

    private static bool IsRemovedControl(char c) => (c < ' ' && c is not ('\t' or '\n' or '\r')) || (c >= '\u007F' && c <= '\u009F');

    /// <summary>Percent- and plus-decodes to bytes, then decodes UTF-8 strictly; null when the bytes are not UTF-8.</summary>
    private static string? Decode(ReadOnlySpan<byte> encoded, List<byte> bytes)
    {
        bytes.Clear();
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                bytes.Add((byte)(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add(b);
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
