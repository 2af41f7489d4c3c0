using System.Text;

namespace Fremdrift.Shared.Web;

/// <summary>
/// What a Shared handler answers, independent of the host: the Functions app and the local host each map it
/// to their own response type, so that both serve byte-for-byte the same pages.
/// </summary>
public sealed record PageResult(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>
    /// The cycle signal the change behind this answer calls for (a submit, a secretariat command). The handler only
    /// says so; each host raises it with the Durable client it holds, after the change is stored.
    /// </summary>
    public Cycle.CycleSignal? Signal { get; init; }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public static PageResult Html(int status, string html) =>
        new(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), NoHeaders);

    public static PageResult Redirect(string location) =>
        new(303, "text/plain; charset=utf-8", [], new Dictionary<string, string> { ["Location"] = location });

    /// <summary>
    /// A download saved under <paramref name="downloadName"/>: the name in UTF-8 (<c>filename*</c>, RFC 6266) for every
    /// current browser, and an ASCII spelling (æ → ae, ø → oe, å → aa) in <c>filename</c> for anything older.
    /// </summary>
    public static PageResult File(byte[] content, string contentType, string downloadName) =>
        new(200, contentType, content, new Dictionary<string, string>
        {
            ["Content-Disposition"] = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            {
                FileName = "\"" + AsciiFileName(downloadName) + "\"",
                FileNameStar = downloadName,
            }.ToString(),
        });

    public static PageResult Json(int status, string json) =>
        new(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json), NoHeaders);

    public static PageResult Text(int status, string text) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), NoHeaders);

    private static string AsciiFileName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(c switch
            {
                'æ' => "ae", 'Æ' => "Ae", 'ø' => "oe", 'Ø' => "Oe", 'å' => "aa", 'Å' => "Aa",
                '"' or '\\' or '/' => "_",
                _ when c < 32 || c > 126 => "_",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}

/// <summary>A submitted HTML form as ordered name/value pairs, so that a repeated field can be detected.</summary>
public sealed record FormFields(IReadOnlyList<KeyValuePair<string, string>> Pairs)
{
    /// <summary>A form whose body was not valid UTF-8: reading any field throws <see cref="InvalidFormTextException"/>, so nothing of it is used.</summary>
    public static FormFields InvalidText { get; } = new([]) { IsInvalidText = true };

    public bool IsInvalidText { get; private init; }

    /// <summary>
    /// A body that is not a form (none at all, JSON, a broken or oversized multipart body): reading any field throws
    /// <see cref="NotAFormException"/>, so every handler refuses it with its Danish 400 and uses nothing.
    /// </summary>
    public static FormFields NotAForm { get; } = new([]) { IsNotAForm = true };

    public bool IsNotAForm { get; private init; }

    public IEnumerable<string> All(string name)
    {
        ThrowIfInvalid();
        return Pairs.Where(p => p.Key == name).Select(p => p.Value);
    }

    /// <summary>The single value of <paramref name="name"/>; null when absent. Throws when repeated.</summary>
    public string? One(string name)
    {
        ThrowIfInvalid();
        string? found = null;
        foreach (var p in Pairs)
        {
            if (p.Key != name)
            {
                continue;
            }

            if (found is not null)
            {
                throw new RepeatedFieldException(name);
            }

            found = p.Value;
        }

        return found;
    }

    private void ThrowIfInvalid()
    {
        if (IsInvalidText)
        {
            throw new InvalidFormTextException();
        }

        if (IsNotAForm)
        {
            throw new NotAFormException();
        }
    }
}

/// <summary>A form that cannot be used as it came (a tampered or broken form); the message is Danish, for the user.</summary>
internal abstract class FormFieldException(string message) : Exception(message);

/// <summary>A form field that must appear once appeared more than once (a tampered form).</summary>
internal sealed class RepeatedFieldException(string field) : FormFieldException($"Feltet {field} optræder mere end én gang.")
{
    public string Field { get; } = field;
}

/// <summary>The form body was not valid UTF-8.</summary>
internal sealed class InvalidFormTextException() : FormFieldException(FormText.InvalidUtf8Message);

/// <summary>The request carried no form (no body, JSON, a broken upload): nothing of it is used.</summary>
internal sealed class NotAFormException() : FormFieldException(
    "Forespørgslen indeholdt ikke en formular fra siden, så intet er gemt eller ændret. Gå tilbage til siden, genindlæs den og brug knappen igen.");
