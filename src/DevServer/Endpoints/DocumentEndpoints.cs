using Fremdrift.Shared.Web;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Secretariat;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// The secretariat's document page in the local host, under the signed-in /sekretariat group: the same Shared
/// handler as the Functions app. Downloads stream from the private container through the host.
/// </summary>
internal static class DocumentEndpoints
{
    public const string BasePath = SecretariatPaths.Documents;

    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/dokumenter", async (HttpRequest request, DocumentsPage page, CancellationToken ct) =>
            (await page.ShowAsync(BasePath, request.Query["aar"], request.Query["dannet"], ct)).ToHttp());

        secretariat.MapPost("/dokumenter", async (HttpContext http, DocumentsPage page, CancellationToken ct) =>
            (await page.BuildAsync(BasePath, await http.Request.ReadFormFieldsAsync(), SecretariatActor.Of(http), ct)).ToHttp());

        secretariat.MapGet("/dokumenter/hent", async (HttpRequest request, DocumentsPage page, CancellationToken ct) =>
            (await page.DownloadAsync(request.Query["navn"], ct)).ToHttp());

        return secretariat;
    }
}
