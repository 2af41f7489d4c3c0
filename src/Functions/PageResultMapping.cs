using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Fremdrift.Functions;

/// <summary>Maps a Shared <see cref="PageResult"/> onto the ASP.NET Core integration's IActionResult.</summary>
public sealed class PageActionResult(PageResult page) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
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
        await response.Body.WriteAsync(page.Body, context.HttpContext.RequestAborted);
    }
}

/// <summary>Request helpers shared by the HTTP functions.</summary>
public static class HttpRequestExtensions
{
    public static IActionResult ToActionResult(this PageResult page) => new PageActionResult(page);

    /// <summary>Form fields in order, keeping repeats, so that Shared can refuse a tampered form.</summary>
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
    /// The signed-in secretariat user from App Service authentication (Entra ID), or "funktionsnøgle" when the
    /// request passed only the function key (the documented fallback).
    /// </summary>
    public static string SecretariatActor(this HttpRequest request)
    {
        var name = request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString();
        return string.IsNullOrWhiteSpace(name) ? "funktionsnøgle" : name;
    }
}
