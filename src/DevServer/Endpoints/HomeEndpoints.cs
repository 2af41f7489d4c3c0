using Fremdrift.DevServer.Views;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The local host's start page: what runs, and where to click next; nothing personal, since it needs no sign-in.</summary>
internal static class HomeEndpoints
{
    public static void MapHome(this WebApplication app)
    {
        app.MapGet("/", async (CycleRepository cycles, JobcentreRepository directory, CancellationToken ct) =>
        {
            var model = new HomeModel(await cycles.ListAsync(ct), await directory.ListAsync(ct));
            return PageResult.Html(200, HtmlViewRenderer.Render<Home, HomeModel>(model)).ToHttp();
        });
    }
}
