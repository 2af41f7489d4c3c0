using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions.Secretariat;

/// <summary>The year's mail texts (editor and save) and the readiness page in Azure, over the same Shared handlers as the local host.</summary>
[SecretariatOnly]
internal sealed class YearTextFunctions(MailTextsEditor editor, ReadinessPage readiness)
{
    [Function(nameof(SecretariatMailTexts))]
    public async Task<IActionResult> SecretariatMailTexts(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/mailtekster/{year:int}")] HttpRequest request,
        int year) =>
        (await editor.ShowAsync(year, request.Query["mail"], request.Query["jobcenter"], request.Query["besked"], request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(SecretariatMailTextSave))]
    public async Task<IActionResult> SecretariatMailTextSave(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/mailtekster/{year:int}")] HttpRequest request,
        int year) =>
        (await editor.PostAsync(year, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(SecretariatReadiness))]
    public async Task<IActionResult> SecretariatReadiness(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/klar/{year:int}")] HttpRequest request,
        int year) =>
        (await readiness.ShowAsync(year, request.HttpContext.RequestAborted)).ToActionResult();
}
