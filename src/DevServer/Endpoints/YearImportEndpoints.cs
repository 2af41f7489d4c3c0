using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// Import of an earlier year and the trend view in the local host, under the signed-in /sekretariat group: the
/// same Shared handler the Functions app maps (see docs/documents.md for the routes).
/// </summary>
internal static class YearImportEndpoints
{
    public const string BasePath = SecretariatPaths.YearImport;

    public static RouteGroupBuilder MapYearImport(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/indlaes", () => YearImportPage.Show(BasePath).ToHttp());

        secretariat.MapPost("/indlaes", async (HttpRequest request, YearImportPage page, CancellationToken ct) =>
            (await page.PreviewUploadAsync(BasePath, request, ct)).ToHttp());

        secretariat.MapPost("/indlaes/bekraeft", async (HttpContext http, YearImportPage page, CancellationToken ct) =>
            (await page.ConfirmAsync(BasePath, await http.Request.ReadFormFieldsAsync(), SecretariatActor.Of(http), ct)).ToHttp());

        secretariat.MapGet("/indlaes/udvikling", async (YearImportPage page, CancellationToken ct) =>
            (await page.TrendAsync(BasePath, ct)).ToHttp());

        return secretariat;
    }
}
