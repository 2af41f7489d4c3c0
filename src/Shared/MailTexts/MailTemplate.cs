using System.Globalization;
using System.Text;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.MailTexts;

/// <summary>A run of a mail line: text, or a link whose text is its address.</summary>
public sealed record MailSpan(string Text, string? Href = null);

/// <summary>A block of a rendered mail body.</summary>
public abstract record MailBlock
{
    private MailBlock()
    {
    }

    /// <summary>A paragraph (from a blank line in the text); its lines keep the text's single line breaks.</summary>
    public sealed record Paragraph(IReadOnlyList<IReadOnlyList<MailSpan>> Lines) : MailBlock;

    /// <summary><c>{link}</c> alone in a paragraph: a button, and the address below it for a mail app that shows no button.</summary>
    public sealed record Button(string Label, string Url) : MailBlock;

    /// <summary><c>{mangler}</c> alone in a paragraph: one bullet per item.</summary>
    public sealed record Bullets(IReadOnlyList<string> Items) : MailBlock;
}

/// <summary>A mail text with its placeholders filled in: the subject and the body's blocks, as both mail parts show them.</summary>
public sealed record RenderedMail(string Subject, IReadOnlyList<MailBlock> Blocks)
{
    /// <summary>The plain-text part: paragraphs apart by a blank line, the button as its label and address, bullets as "- ".</summary>
    public string ToPlainText()
    {
        var parts = Blocks.Select(b => b switch
        {
            MailBlock.Paragraph p => string.Join('\n', p.Lines.Select(l => string.Concat(l.Select(s => s.Text)))),
            MailBlock.Button button => button.Label.Length == 0 ? button.Url : button.Label + ":\n" + button.Url,
            MailBlock.Bullets list => string.Join('\n', list.Items.Select(i => "- " + i)),
            _ => "",
        });
        return string.Join("\n\n", parts) + "\n";
    }
}

/// <summary>
/// What the placeholders stand for in one mail: plain values by name, the link (a URL, never text to show as
/// markup), and the list behind <c>{mangler}</c>.
/// </summary>
internal sealed record MailTextValues(IReadOnlyDictionary<string, string> Values, string? Link, IReadOnlyList<string> Missing);

/// <summary>
/// The secretariat's mail texts: plain text with named placeholders (<c>{jobcenter}</c>, <c>{svarfrist}</c>,
/// <c>{link}</c>, …), never HTML. <see cref="Validate"/> refuses what cannot be sent, in Danish; <see cref="Render"/>
/// fills the placeholders in and cuts the body into blocks, which the mail view writes through Razor's encoder, so a
/// "&lt;script&gt;" typed into a text reaches the mail as text.
/// </summary>
internal static class MailTemplate
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 10_000;

    /// <summary>Placeholders that stand for more than one line or for an address, which a subject cannot hold.</summary>
    private static readonly string[] NotInSubject = ["link", "mangler", "status"];

    /// <summary>A piece of a text: literal text, or a placeholder's name.</summary>
    private sealed record Token(string Text, bool IsPlaceholder);

    /// <summary>Every problem with <paramref name="text"/> as a mail of <paramref name="kind"/>, in Danish; empty when it can be saved.</summary>
    public static IReadOnlyList<string> Validate(MailTextKind kind, MailText text)
    {
        var problems = new List<string>();
        var allowed = kind.Placeholders.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var allowedList = string.Join(", ", kind.Placeholders.Select(p => "{" + p.Name + "}"));

        if (!FormText.HasVisibleText(text.Subject))
        {
            problems.Add("Skriv et emne.");
        }
        else if (!FormText.IsSingleLine(text.Subject))
        {
            problems.Add("Emnet skal stå på én linje.");
        }
        else if (text.Subject.Length > SubjectMaxLength)
        {
            problems.Add($"Emnet er for langt: {text.Subject.Length} tegn, højst {SubjectMaxLength}.");
        }

        if (!FormText.HasVisibleText(text.Body))
        {
            problems.Add("Skriv en tekst.");
        }
        else if (text.Body.Length > BodyMaxLength)
        {
            problems.Add($"Teksten er for lang: {text.Body.Length.ToString("N0", Danish)} tegn, højst {BodyMaxLength.ToString("N0", Danish)}.");
        }

        foreach (var (where, value) in new[] { ("Emnet", text.Subject), ("Teksten", text.Body) })
        {
            var parsed = Parse(value);
            if (parsed.Error is { } error)
            {
                problems.Add($"{where}: {error}");
                continue;
            }

            foreach (var name in parsed.Tokens.Where(t => t.IsPlaceholder).Select(t => t.Text).Distinct(StringComparer.Ordinal))
            {
                if (!allowed.Contains(name))
                {
                    problems.Add($"{where}: pladsholderen {{{name}}} findes ikke i mailen \"{kind.Name}\". Brug en af: {allowedList}.");
                }
                else if (where == "Emnet" && NotInSubject.Contains(name))
                {
                    problems.Add($"Emnet kan ikke indeholde {{{name}}}; den hører til i teksten.");
                }
            }
        }

        if (kind.RequiresLink && Parse(text.Body) is { Error: null } body && !body.Tokens.Any(t => t.IsPlaceholder && t.Text == "link"))
        {
            problems.Add($"Teksten til \"{kind.Name}\" skal indeholde {{link}}, ellers kan modtageren ikke åbne sit skema.");
        }

        return problems;
    }

    /// <summary>
    /// The mail <paramref name="text"/> makes with <paramref name="values"/>. A paragraph that comes out empty (an
    /// empty <c>{status}</c>, no <c>{mangler}</c>) is left out. A placeholder without a value is written as typed,
    /// which only a text that never passed <see cref="Validate"/> can contain.
    /// </summary>
    public static RenderedMail Render(MailTextKind kind, MailText text, MailTextValues values)
    {
        var subjectTokens = Parse(text.Subject).Tokens;
        var subject = FormText.SingleLine(string.Concat(subjectTokens.Select(t => t.IsPlaceholder ? Value(t.Text, values, inSubject: true) : t.Text)));

        var blocks = new List<MailBlock>();
        foreach (var paragraph in Paragraphs(text.Body))
        {
            var tokens = Parse(paragraph).Tokens;
            if (tokens is [{ IsPlaceholder: true, Text: "link" }])
            {
                if (values.Link is { } link)
                {
                    blocks.Add(new MailBlock.Button(kind.LinkLabel, link));
                }

                continue;
            }

            if (tokens is [{ IsPlaceholder: true, Text: "mangler" }])
            {
                if (values.Missing.Count > 0)
                {
                    blocks.Add(new MailBlock.Bullets(values.Missing));
                }

                continue;
            }

            var lines = new List<IReadOnlyList<MailSpan>>();
            foreach (var line in paragraph.Split('\n'))
            {
                var spans = new List<MailSpan>();
                foreach (var token in Parse(line).Tokens)
                {
                    if (!token.IsPlaceholder)
                    {
                        spans.Add(new MailSpan(token.Text));
                    }
                    else if (token.Text == "link" && values.Link is { } url)
                    {
                        spans.Add(new MailSpan(url, url));
                    }
                    else
                    {
                        spans.Add(new MailSpan(Value(token.Text, values, inSubject: false)));
                    }
                }

                lines.Add(spans);
            }

            if (lines.Any(l => l.Any(s => !string.IsNullOrWhiteSpace(s.Text))))
            {
                blocks.Add(new MailBlock.Paragraph(lines));
            }
        }

        return new RenderedMail(subject, blocks);
    }

    /// <summary>The placeholders a text uses, in order of first use (for the editor's help and the tests).</summary>
    public static IReadOnlyList<string> PlaceholdersIn(string text) =>
        Parse(text).Tokens.Where(t => t.IsPlaceholder).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();

    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    private static string Value(string name, MailTextValues values, bool inSubject) => name switch
    {
        "link" => values.Link ?? "",
        "mangler" => string.Join(inSubject ? "; " : "; ", values.Missing),
        _ => values.Values.TryGetValue(name, out var v) ? v : "{" + name + "}",
    };

    /// <summary>The body's paragraphs: split at blank lines (a line of only spaces counts as blank), each trimmed.</summary>
    private static IEnumerable<string> Paragraphs(string body)
    {
        var current = new List<string>();
        foreach (var raw in body.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    yield return string.Join('\n', current);
                    current.Clear();
                }

                continue;
            }

            current.Add(line.Trim());
        }

        if (current.Count > 0)
        {
            yield return string.Join('\n', current);
        }
    }

    private sealed record Parsed(IReadOnlyList<Token> Tokens, string? Error);

    /// <summary>
    /// Text and <c>{name}</c> placeholders; a name is letters, digits and underscores. A brace that opens no
    /// placeholder, or closes none, is an error naming where it stands: braces are only for placeholders.
    /// </summary>
    private static Parsed Parse(string text)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                return new Parsed(tokens, $"\"}}\" uden \"{{\" foran: {Around(text, i)}. Krøllede parenteser bruges kun om pladsholdere som {{jobcenter}}.");
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            var name = end < 0 ? null : text[(i + 1)..end];
            if (name is null || name.Length == 0 || !name.All(ch => char.IsLetterOrDigit(ch) || ch == '_'))
            {
                return new Parsed(tokens, $"\"{{\" uden en gyldig pladsholder efter: {Around(text, i)}. Skriv fx {{jobcenter}}; krøllede parenteser bruges kun om pladsholdere.");
            }

            if (literal.Length > 0)
            {
                tokens.Add(new Token(literal.ToString(), false));
                literal.Clear();
            }

            tokens.Add(new Token(name.ToLowerInvariant(), true));
            i = end;
        }

        if (literal.Length > 0)
        {
            tokens.Add(new Token(literal.ToString(), false));
        }

        return new Parsed(tokens, null);
    }

    private static string Around(string text, int at)
    {
        var from = Math.Max(0, at - 15);
        var to = Math.Min(text.Length, at + 16);
        return "\"" + FormText.SingleLine(text[from..to]) + "\"";
    }
}
