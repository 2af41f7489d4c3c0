using Fremdrift.Shared.Web;
using Fremdrift.Shared.YearContent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Secretariat;

/// <summary>
/// A year's recommendations and schedule in Azure (<c>/sekretariat/anbefalinger/{år}</c>), over the same Shared page
/// as the local host. A saved schedule moves a planned cycle's dates, so the save raises the signal the page asks for.
/// </summary>
[SecretariatOnly]
internal sealed class YearContentFunctions(YearContentPage page, ILogger<YearContentFunctions> logger)
{
    [Function(nameof(YearContentShow))]
    public async Task<IActionResult> YearContentShow(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/anbefalinger/{year:int}")] HttpRequest request,
        int year) =>
        (await page.ShowAsync(year, request.Query["besked"], request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearContentSave))]
    public async Task<IActionResult> YearContentSave(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/anbefalinger/{year:int}")] HttpRequest request,
        int year,
        [DurableClient] DurableTaskClient client) =>
        await (await page.SaveAsync(year, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted))
            .SignalledAsync(client, logger, request.HttpContext.RequestAborted);

    [Function(nameof(YearContentPreview))]
    public async Task<IActionResult> YearContentPreview(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/anbefalinger/{year:int}/forhaandsvisning")] HttpRequest request,
        int year) =>
        (await page.PreviewAsync(year, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearContentExport))]
    public async Task<IActionResult> YearContentExport(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/anbefalinger/{year:int}/json")] HttpRequest request,
        int year) =>
        (await page.ExportAsync(year, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(YearContentImport))]
    public async Task<IActionResult> YearContentImport(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/anbefalinger/{year:int}/json")] HttpRequest request,
        int year) =>
        (await page.ImportUploadAsync(year, request, SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();
}
