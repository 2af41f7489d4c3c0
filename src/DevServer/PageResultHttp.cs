using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer;

/// <summary>
/// Maps a Shared <see cref="PageResult"/> onto a minimal-API result, with the same headers as in Azure. A signal the
/// handler asked for is raised first, with the host's own Durable client (<see cref="ICycleSignals"/>).
/// </summary>
internal sealed class PageResultHttp(PageResult page) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (page.Signal is { } signal)
        {
            await httpContext.RequestServices.GetRequiredService<ICycleSignals>().RaiseAsync(signal, httpContext.RequestAborted);
        }

        await page.WriteToAsync(httpContext.Response, httpContext.RequestAborted);
    }
}

/// <summary>Shorthand for endpoints.</summary>
internal static class PageResultExtensions
{
    public static IResult ToHttp(this PageResult page) => new PageResultHttp(page);
}
