using System.Text.RegularExpressions;

namespace Fremdrift.Shared.Web;

/// <summary>Finds the e-mail addresses in a text (a contact line), so a view can link them.</summary>
internal static partial class EmailAddresses
{
    /// <summary>A run of text, either an address or the text between addresses.</summary>
    public sealed record Part(string Text, bool IsAddress);

    /// <summary>The text cut into plain runs and addresses, in order; nothing is lost or added.</summary>
    public static IReadOnlyList<Part> Split(string? text)
    {
        var value = text ?? "";
        var parts = new List<Part>();
        var last = 0;
        foreach (Match m in Pattern().Matches(value))
        {
            if (m.Index > last)
            {
                parts.Add(new Part(value[last..m.Index], false));
            }

            parts.Add(new Part(m.Value, true));
            last = m.Index + m.Length;
        }

        if (last < value.Length)
        {
            parts.Add(new Part(value[last..], false));
        }

        return parts;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Pattern();
}
