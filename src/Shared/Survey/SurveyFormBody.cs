using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

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

    /// <summary>
    /// The host's own cut-off for the form's post, above <see cref="MaxBytes"/> so that an oversized body meets the
    /// Danish 413 of <see cref="TooLarge"/> rather than a reset connection (the local host's default is lower).
    /// </summary>
    public const int HostLimitBytes = 2 * MaxBytes;

    public sealed record Read(FormFields Fields) : SurveyFormBody;

    /// <summary>Over <see cref="MaxBytes"/>: refused before any parsing.</summary>
    public sealed record TooLarge : SurveyFormBody;

    /// <summary>Not an urlencoded form (the page never sends anything else), or unreadable.</summary>
    public sealed record Unreadable(string Reason) : SurveyFormBody;

    public static async Task<SurveyFormBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = HostLimitBytes;
        }

        if (request.ContentLength > MaxBytes)
        {
            return new TooLarge();
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return new Unreadable("Skemaet skal sendes som en almindelig formular.");
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return new TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
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
