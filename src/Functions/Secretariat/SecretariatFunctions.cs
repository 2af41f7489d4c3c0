using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Secretariat.Commands;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Secretariat;

/// <summary>
/// The secretariat's status page, commands and contact form in Azure, over the same Shared handlers as the local
/// host. Commands bind a Durable client and raise the signal the handler's answer asks for with it, so that it
/// reaches (and if need be starts) the year's orchestration.
/// </summary>
[SecretariatOnly]
internal sealed class SecretariatFunctions(
    SecretariatHandler statusPage,
    SecretariatCommands commands,
    SecretariatContactForm contacts,
    ILogger<SecretariatFunctions> logger)
{
    [Function(nameof(SecretariatStatus))]
    public async Task<IActionResult> SecretariatStatus(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat")] HttpRequest request) =>
        (await statusPage.StatusAsync(request.Query["aar"], request.Query["besked"], request.Query["vis"], request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(SecretariatCommand))]
    public async Task<IActionResult> SecretariatCommand(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/kommando/{command}")] HttpRequest request,
        string command,
        [DurableClient] DurableTaskClient client) =>
        await (await commands.CommandAsync(command, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted))
            .SignalledAsync(client, logger, request.HttpContext.RequestAborted);

    [Function(nameof(SecretariatContactForm))]
    public async Task<IActionResult> SecretariatContactForm(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/jobcenter/{code:int}")] HttpRequest request,
        int code) =>
        (await contacts.ShowAsync(code, request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(SecretariatContactSave))]
    public async Task<IActionResult> SecretariatContactSave(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/jobcenter/{code:int}")] HttpRequest request,
        int code,
        [DurableClient] DurableTaskClient client) =>
        await (await contacts.SaveAsync(code, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted))
            .SignalledAsync(client, logger, request.HttpContext.RequestAborted);
}
