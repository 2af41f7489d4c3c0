using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// The year's orchestration instance as the secretariat and IT staff see it (GET /sekretariat/aarshjul), and
/// a restart (terminate if it runs, start afresh). Here rather than through Durable's own HTTP API because that
/// API sits behind the same Entra sign-in and wants the system key; this page needs only the sign-in the
/// secretariat already has, and records the restart in the audit log.
/// </summary>
[SecretariatOnly]
internal sealed class CycleInstanceFunctions(CycleInstanceControl control)
{
    [Function(nameof(CycleInstanceStatus))]
    public async Task<IActionResult> CycleInstanceStatus(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/aarshjul")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        (await control.PageAsync(client, request.Query["aar"], request.Query["besked"], request.HttpContext.RequestAborted)).ToActionResult();

    [Function(nameof(CycleInstanceRestart))]
    public async Task<IActionResult> CycleInstanceRestart(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/aarshjul/genstart")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        (await control.RestartPageAsync(client, await request.ReadFormFieldsAsync(), SecretariatAccess.Actor(request), request.HttpContext.RequestAborted)).ToActionResult();
}
