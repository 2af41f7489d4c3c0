using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;

namespace Fremdrift.Shared.Survey;

/// <summary>The posted form body, read with a hard size limit; both hosts use this, so both cut off alike.</summary>
public abstract record SurveyFormBody
{
    private SurveyFormBody()
    {
    }

    /// <summary>
    /// Largest accepted form body: 1 MB. The largest form the page allows is 16 remarks of 4,000 characters; a
    /// character the browser counts as one is at most 3 bytes of UTF-8 (a dash or a quote mark such as "–" or "”";
    /// "æ" is 2), 9 bytes percent-encoded, so 576,000 bytes, plus the colours and hidden fields. 1 MB leaves room for
    /// a longer catalogue (29 such remarks) and is still cut off before parsing.
    /// </summary>
    public const int MaxBytes = 1024 * 1024;

    public sealed record Read(FormFields Fields) : SurveyFormBody;

    /// <summary>Over <see cref="MaxBytes"/>: refused before any parsing.</summary>
    public sealed record TooLarge : SurveyFormBody;

    /// <summary>Not an urlencoded form (the page never sends anything else), or unreadable.</summary>
    public sealed record Unreadable(string Reason) : SurveyFormBody;

    /// <summary>
    /// The form's POST as both hosts serve it: the body read with the limit above, then the handler for a readable
    /// form, or the Danish 413 or 400 page (nothing is stored for a refused body).
    /// </summary>
    public static async Task<PageResult> PostAsync(HttpRequest request, string token, SurveyFormHandler handler, CancellationToken ct) =>
        await ReadAsync(request, ct) switch
        {
            Read read => await handler.PostAsync(token, read.Fields, ct),
            TooLarge => SurveyPages.TooLarge(),
            Unreadable unreadable => SurveyPages.Unreadable(unreadable.Reason),
            _ => throw new InvalidOperationException("Unknown form body."),
        };

    public static async Task<SurveyFormBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return new Unreadable("Skemaet skal sendes som en almindelig formular.");
        }

        if (await request.ReadBodyAsync(MaxBytes, ct) is not { } body)
        {
            return new TooLarge();
        }

        return FormText.ParseUrlEncoded(body) switch
        {
            FormText.Parsed.Fields fields => new Read(new FormFields(fields.Pairs)),
            FormText.Parsed.InvalidUtf8 => new Unreadable(FormText.InvalidUtf8Message),
            _ => new Unreadable("Formularen har for mange eller for lange felter."),
        };
    }
}
