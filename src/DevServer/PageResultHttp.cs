using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer;

/// <summary>Maps a Shared <see cref="PageResult"/> onto a minimal-API result, with the same headers as in Azure.</summary>
public sealed class PageResultHttp(PageResult page) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => page.WriteToAsync(httpContext.Response, httpContext.RequestAborted);
}

/// <summary>Shorthand for endpoints.</summary>
public static class PageResultExtensions
{
    public static IResult ToHttp(this PageResult page) => new PageResultHttp(page);
}
