using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Mvc;

namespace Fremdrift.Functions;

/// <summary>Maps a Shared <see cref="PageResult"/> onto the ASP.NET Core integration's IActionResult.</summary>
public sealed class PageActionResult(PageResult page) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) =>
        page.WriteToAsync(context.HttpContext.Response, context.HttpContext.RequestAborted);
}

/// <summary>Shorthand for the HTTP functions.</summary>
public static class PageResultActionExtensions
{
    public static IActionResult ToActionResult(this PageResult page) => new PageActionResult(page);
}
