using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions.Documents;

/// <summary>
/// Import of an earlier year (upload → preview → confirm), its deletion, and the trend view in Azure, over the same
/// Shared handler as the local host; behind App Service authentication like every page of the secretariat's.
/// </summary>
[SecretariatOnly]
internal sealed class YearImportFunctions(YearImportPage page)
{
    /// <summary>The pages' own path as the browser sees it (host.json sets no route prefix, so it is the route).</summary>
    private const string BasePath = SecretariatPaths.YearImport;

    [Function(nameof(YearImportShow))]
    public async Task<IActionResult> YearImportShow(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/indlaes")] HttpRequest request) =>
        (await page.ShowAsync(BasePath, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearImportPreview))]
    public async Task<IActionResult> YearImportPreview(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/indlaes")] HttpRequest request) =>
        (await page.PreviewUploadAsync(BasePath, request, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearImportConfirm))]
    public async Task<IActionResult> YearImportConfirm(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/indlaes/bekraeft")] HttpRequest request) =>
        (await page.ConfirmRequestAsync(BasePath, request, SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearImportTrend))]
    public async Task<IActionResult> YearImportTrend(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/indlaes/udvikling")] HttpRequest request) =>
        (await page.TrendAsync(BasePath, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearImportDeleteShow))]
    public async Task<IActionResult> YearImportDeleteShow(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/indlaes/{aar}/slet")] HttpRequest request, string aar) =>
        (await page.DeletePageAsync(BasePath, aar, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearImportDelete))]
    public async Task<IActionResult> YearImportDelete(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/indlaes/{aar}/slet")] HttpRequest request, string aar) =>
        (await page.DeleteRequestAsync(BasePath, aar, request, SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();
}
