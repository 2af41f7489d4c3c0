using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions;

/// <summary>Maps a Shared <see cref="PageResult"/> onto the ASP.NET Core integration's IActionResult.</summary>
internal sealed class PageActionResult(PageResult page) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) =>
        page.WriteToAsync(context.HttpContext.Response, context.HttpContext.RequestAborted);
}

/// <summary>Shorthand for the HTTP functions.</summary>
internal static class PageResultActionExtensions
{
    public static IActionResult ToActionResult(this PageResult page) => new PageActionResult(page);

    /// <summary>
    /// Raises the signal the handler asked for (if any) on the year's orchestration with the function's bound Durable
    /// client, then maps the page. The change is already stored: a signal that cannot be delivered is only logged.
    /// </summary>
    public static async Task<IActionResult> SignalledAsync(this PageResult page, DurableTaskClient client, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Signal is { } signal)
        {
            await CycleInstances.SignalAsync(client, signal, logger, ct);
        }

        return page.ToActionResult();
    }
}
