using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// The year's orchestration instance as the secretariat and IT staff see it (GET /api/sekretariat/aarshjul), and
/// a restart (terminate if it runs, start afresh). Here rather than through Durable's own HTTP API because that
/// API sits behind the same Entra sign-in and wants the system key; this page needs only the sign-in the
/// secretariat already has, and records the restart in the audit log.
/// </summary>
public sealed class CycleInstanceFunctions(CycleStarter starter, CycleInstanceControl control, SecretariatRoutes routes)
{
    [Function(nameof(CycleInstanceStatus))]
    public async Task<IActionResult> CycleInstanceStatus(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/aarshjul")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        if (SecretariatAccess.Refusal(request) is { } refusal)
        {
            return refusal;
        }

        var year = SecretariatHandler.ParseYear(request.Query["aar"]) ?? starter.YearToPlan();
        var view = await CycleInstanceControl.ViewAsync(client, year, request.HttpContext.RequestAborted);
        return PageResult.Html(200, CycleInstancePage.Render(routes, view, request.Query["besked"], isError: false)).ToActionResult();
    }

    [Function(nameof(CycleInstanceRestart))]
    public async Task<IActionResult> CycleInstanceRestart(
        [HttpTrigger(SecretariatAccess.Level, "post", Route = "sekretariat/aarshjul/genstart")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        if (SecretariatAccess.Refusal(request) is { } refusal)
        {
            return refusal;
        }

        var ct = request.HttpContext.RequestAborted;
        int? year;
        try
        {
            year = SecretariatHandler.ParseYear((await request.ReadFormFieldsAsync()).One("aar"));
        }
        catch (FormFieldException)
        {
            // A repeated field or a body that is not text: nothing to act on.
            year = null;
        }

        if (year is not { } y)
        {
            var current = await CycleInstanceControl.ViewAsync(client, starter.YearToPlan(), ct);
            return PageResult.Html(400, CycleInstancePage.Render(routes, current, "Året mangler eller er ugyldigt. Genindlæs siden og prøv igen.", isError: true)).ToActionResult();
        }

        var result = await control.RestartAsync(client, y, SecretariatAccess.Actor(request), ct);
        if (!result.Done)
        {
            var stopping = await CycleInstanceControl.ViewAsync(client, y, ct);
            return PageResult.Html(503, CycleInstancePage.Render(routes, stopping, result.Message, isError: true)).ToActionResult();
        }

        return PageResult.Redirect($"{routes.Root}/aarshjul?aar={y}&besked={Uri.EscapeDataString(result.Message)}").ToActionResult();
    }
}
