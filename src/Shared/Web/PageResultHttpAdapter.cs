using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fremdrift.Shared.Web;

/// <summary>
/// Writes a <see cref="PageResult"/> to an ASP.NET Core response and reads form posts, for both hosts (the
/// Functions app's ASP.NET Core integration and the local host), so that both send the same security headers and
/// see a tampered form the same way.
/// </summary>
public static class PageResultHttpAdapter
{
    public static async Task WriteToAsync(this PageResult page, HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = page.Status;
        response.ContentType = page.ContentType;
        foreach (var (name, value) in page.Headers)
        {
            response.Headers[name] = value;
        }

        if (page.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            response.Headers.ContentSecurityPolicy = HtmlLayout.ContentSecurityPolicy;
        }

        // Pages, forms and document downloads carry names, answers and personal links: no browser or proxy keeps them.
        response.Headers.CacheControl = "no-store";

        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = page.Body.Length;
        await response.Body.WriteAsync(page.Body, ct);
    }

    /// <summary>
    /// The raw body, read byte for byte and cut off above <paramref name="maxBytes"/> before anything parses it; null
    /// when it is larger, by its Content-Length or as it arrives (a chunked upload). The host's own request limit is
    /// raised to twice the cut-off for this request, so that an oversized body meets the caller's Danish 413 rather
    /// than a reset connection (the local host's default limit is lower).
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(this HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 2L * maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>
    /// Form fields in order, keeping repeats, so that a handler can refuse a tampered form. An urlencoded body is
    /// read by <see cref="FormText"/>: invalid UTF-8 gives <see cref="FormFields.InvalidText"/>, control characters
    /// are removed. A body that is not a readable form gives <see cref="FormFields.NotAForm"/>.
    /// </summary>
    public static async Task<FormFields> ReadFormFieldsAsync(this HttpRequest request)
    {
        var ct = request.HttpContext.RequestAborted;
        if (request.ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return FormText.ParseUrlEncoded(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) switch
            {
                FormText.Parsed.Fields fields => new FormFields(fields.Pairs),
                _ => FormFields.InvalidText,
            };
        }

        // Anything else than a form the pages send (no body, JSON, a broken multipart body, one over the host's
        // limit) is not used at all: each handler answers it with its Danish 400, as it does a tampered form.
        if (!request.HasFormContentType)
        {
            return FormFields.NotAForm;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return FormFields.NotAForm;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                pairs.Add(new(FormText.RemoveControlCharacters(key), FormText.RemoveControlCharacters(value ?? "")));
            }
        }

        return new FormFields(pairs);
    }

    /// <summary>
    /// A form post made by another website (CSRF): the browser says so in Sec-Fetch-Site, or the Origin names
    /// another host or is "null" (a sandboxed frame, a data: page, a redirect chain), or, without an Origin, the
    /// Referer names another host. The secretariat's sign-in cookie would otherwise ride along on such a post. A
    /// post with neither header (not a browser) is not cross-site by this test.
    /// </summary>
    public static bool IsCrossSite(this HttpRequest request)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site == "cross-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin))
        {
            return !IsSameHost(origin, request);
        }

        var referer = request.Headers.Referer.ToString();
        return !string.IsNullOrEmpty(referer) && !IsSameHost(referer, request);
    }

    /// <summary>An absolute http(s) URL whose host and port are this request's; "null" and anything unparsable are not.</summary>
    private static bool IsSameHost(string url, HttpRequest request) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
