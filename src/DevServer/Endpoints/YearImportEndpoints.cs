using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// Import of an earlier year, its deletion, and the trend view in the local host, under the signed-in /sekretariat
/// group: the same Shared handler the Functions app maps (see docs/documents.md for the routes). The upload raises
/// the host's 256 KB request limit to <see cref="YearImportPage.MaxRequestBytes"/> for itself (in the handler), the
/// same limit as in Azure.
/// </summary>
internal static class YearImportEndpoints
{
    public const string BasePath = SecretariatPaths.YearImport;

    public static RouteGroupBuilder MapYearImport(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/indlaes", async (YearImportPage page, CancellationToken ct) => (await page.ShowAsync(BasePath, ct)).ToHttp());

        secretariat.MapPost("/indlaes", async (HttpRequest request, YearImportPage page, CancellationToken ct) =>
            (await page.PreviewUploadAsync(BasePath, request, ct)).ToHttp());

        secretariat.MapPost("/indlaes/bekraeft", async (HttpContext http, YearImportPage page, CancellationToken ct) =>
            (await page.ConfirmRequestAsync(BasePath, http.Request, SecretariatActor.Of(http), ct)).ToHttp());

        secretariat.MapGet("/indlaes/udvikling", async (YearImportPage page, CancellationToken ct) =>
            (await page.TrendAsync(BasePath, ct)).ToHttp());

        secretariat.MapGet("/indlaes/{aar}/slet", async (string aar, YearImportPage page, CancellationToken ct) =>
            (await page.DeletePageAsync(BasePath, aar, ct)).ToHttp());

        secretariat.MapPost("/indlaes/{aar}/slet", async (string aar, HttpContext http, YearImportPage page, CancellationToken ct) =>
            (await page.DeleteRequestAsync(BasePath, aar, http.Request, SecretariatActor.Of(http), ct)).ToHttp());

        return secretariat;
    }
}
