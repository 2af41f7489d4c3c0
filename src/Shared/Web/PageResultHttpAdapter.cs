using Microsoft.AspNetCore.Http;

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
            response.Headers.CacheControl = "no-store";
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = page.Body.Length;
        await response.Body.WriteAsync(page.Body, ct);
    }

    /// <summary>Form fields in order, keeping repeats, so that a handler can refuse a tampered form.</summary>
    public static async Task<FormFields> ReadFormFieldsAsync(this HttpRequest request)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }

        return new FormFields(pairs);
    }

    /// <summary>
    /// A form post made by another website (CSRF): the browser says so in Sec-Fetch-Site, or the Origin names
    /// another host. The secretariat's sign-in cookie would otherwise ride along on such a post.
    /// </summary>
    public static bool IsCrossSite(this HttpRequest request)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site == "cross-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return !string.IsNullOrEmpty(origin)
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
