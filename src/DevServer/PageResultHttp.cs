using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer;

/// <summary>Maps a Shared <see cref="PageResult"/> onto ASP.NET Core, with the same security headers as in Azure.</summary>
public sealed class PageResultHttp(PageResult page) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
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
        await response.Body.WriteAsync(page.Body, httpContext.RequestAborted);
    }
}

/// <summary>Shorthand for endpoints.</summary>
public static class PageResultExtensions
{
    public static IResult ToHttp(this PageResult page) => new PageResultHttp(page);

    /// <summary>Reads an urlencoded form body in order, keeping repeated fields (a tampered form must be seen).</summary>
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
}
