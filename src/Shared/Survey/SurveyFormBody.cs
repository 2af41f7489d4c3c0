using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;

namespace Fremdrift.Shared.Survey;

/// <summary>The posted form body, read with a hard size limit; both hosts use this, so both cut off alike.</summary>
public abstract record SurveyFormBody
{
    private SurveyFormBody()
    {
    }

    /// <summary>Largest accepted form body. A full form with 16 long remarks is well under 100 KB.</summary>
    public const int MaxBytes = 192 * 1024;

    public sealed record Read(FormFields Fields) : SurveyFormBody;

    /// <summary>Over <see cref="MaxBytes"/>: refused before any parsing.</summary>
    public sealed record TooLarge : SurveyFormBody;

    /// <summary>Not an urlencoded form (the page never sends anything else), or unreadable.</summary>
    public sealed record Unreadable(string Reason) : SurveyFormBody;

    public static async Task<SurveyFormBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
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
