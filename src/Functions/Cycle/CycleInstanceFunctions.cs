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
public sealed class CycleInstanceFunctions(
    CycleStarter starter,
    AuditLogRepository audit,
    SecretariatRoutes routes,
    TimeProvider time,
    ILogger<CycleInstanceFunctions> logger)
{
    /// <summary>How long a restart waits for the terminated instance to stop before it gives up (and says so).</summary>
    private static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(30);

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
        var view = await ViewAsync(client, year, request.HttpContext.RequestAborted);
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
        catch (RepeatedFieldException)
        {
            year = null;
        }

        if (year is not { } y)
        {
            var current = await ViewAsync(client, starter.YearToPlan(), ct);
            return PageResult.Html(400, CycleInstancePage.Render(routes, current, "Året mangler eller er ugyldigt. Genindlæs siden og prøv igen.", isError: true)).ToActionResult();
        }

        var instanceId = FollowUpCycle.InstanceIdFor(y);
        var actor = SecretariatAccess.Actor(request);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (existing is { IsCompleted: false })
        {
            await client.TerminateInstanceAsync(instanceId, (object)$"Genstartet af {actor}", ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TerminationWait);
            try
            {
                await client.WaitForInstanceCompletionAsync(instanceId, wait.Token);
            }
            catch (Exception e) when (wait.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The cycle orchestration {InstanceId} did not stop within {Wait}", instanceId, TerminationWait);
                var stopping = await ViewAsync(client, y, ct);
                return PageResult.Html(503, CycleInstancePage.Render(routes, stopping, "Instansen er bedt om at stoppe, men er ikke stoppet endnu. Prøv igen om et øjeblik.", isError: true)).ToActionResult();
            }
        }

        if (y == starter.YearToPlan())
        {
            // What the daily timer does, now: the current year's cycle exists (planned) before its loop starts.
            await starter.EnsureCycleAsync(y, actor, ct);
        }

        await CycleInstances.EnsureRunningAsync(client, y, logger, ct);
        var detail = existing is null ? "Der kørte ingen instans; en ny er startet." : $"Forrige instans: {Danish(existing.RuntimeStatus)}; en ny er startet.";
        await audit.AppendAsync(new AuditEntry(y, time.GetUtcNow(), actor, "Genstartede årshjulet", detail), ct);
        logger.LogInformation("Restarted the cycle orchestration {InstanceId} (was {Status})", instanceId, existing?.RuntimeStatus);
        return PageResult.Redirect($"{routes.Root}/aarshjul?aar={y}&besked={Uri.EscapeDataString("Årshjulet er genstartet. " + detail)}").ToActionResult();
    }

    private static async Task<CycleInstanceView> ViewAsync(DurableTaskClient client, int year, CancellationToken ct)
    {
        var instanceId = FollowUpCycle.InstanceIdFor(year);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (metadata is null)
        {
            return new CycleInstanceView(year, instanceId, null, null, null, null, null);
        }

        var failure = metadata.FailureDetails is { } f ? $"{f.ErrorType}: {f.ErrorMessage}" : null;
        return new CycleInstanceView(
            year,
            instanceId,
            Danish(metadata.RuntimeStatus),
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<string>(),
            failure);
    }

    private static string Danish(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => "Kører",
        OrchestrationRuntimeStatus.Pending => "Venter på at starte",
        OrchestrationRuntimeStatus.Suspended => "Sat på pause",
        OrchestrationRuntimeStatus.Completed => "Afsluttet (opfølgningen behøver ikke mere)",
        OrchestrationRuntimeStatus.Failed => "Fejlet (genstartes af den daglige timer eller med knappen)",
        OrchestrationRuntimeStatus.Terminated => "Stoppet",
        _ => status.ToString(),
    };
}
