using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions.Documents;

/// <summary>
/// The secretariat's document page in Azure: list, build (POST → redirect) and download. Each function binds,
/// calls the one Shared handler and maps the result. Behind App Service authentication (see
/// <see cref="SecretariatAccess"/>); downloads are proxied through the function, so the document container stays
/// private and no link to a blob ever leaves the app.
/// </summary>
[SecretariatOnly]
internal sealed class DocumentFunctions(DocumentsPage page)
{
    /// <summary>The page's own path as the browser sees it (host.json sets no route prefix, so it is the route).</summary>
    private const string BasePath = SecretariatPaths.Documents;

    [Function(nameof(DocumentsPageShow))]
    public async Task<IActionResult> DocumentsPageShow(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/dokumenter")] HttpRequest request) =>
        (await page.ShowAsync(BasePath, request.Query["aar"], request.Query["dannet"], request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(DocumentsPageBuild))]
    public async Task<IActionResult> DocumentsPageBuild(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/dokumenter")] HttpRequest request) =>
        (await page.BuildAsync(BasePath, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(DocumentsPageDownload))]
    public async Task<IActionResult> DocumentsPageDownload(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/dokumenter/hent")] HttpRequest request) =>
        (await page.DownloadAsync(request.Query["navn"], request.HttpContext.RequestAborted)).ToActionResult();
}
