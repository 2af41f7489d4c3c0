using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Cycle;

/// <summary>What a restart of the year's loop came to, in Danish for the page.</summary>
public sealed record CycleRestartResult(bool Done, string Message);

/// <summary>
/// The year's orchestration instance as the secretariat and IT staff see it, and a restart (terminate if it runs,
/// start afresh; all state is in storage, so nothing is lost), for both hosts with the Durable client each holds.
/// Here rather than through Durable's own HTTP API because that API wants the system key; this needs only the
/// secretariat's sign-in, and records the restart in the audit log.
/// </summary>
public sealed class CycleInstanceControl(CycleStarter starter, SecretariatHandler statusPage, AuditLogRepository audit, TimeProvider time, ILogger<CycleInstanceControl> logger)
{
    /// <summary>
    /// The instance page for the year in <paramref name="yearText"/>; without one, the year the status page shows
    /// (the open cycle, else the newest closed one, …), so that both pages speak of the same year.
    /// </summary>
    public async Task<PageResult> PageAsync(DurableTaskClient client, string? yearText, string? message, CancellationToken ct)
    {
        var year = await statusPage.YearAsync(yearText, ct);
        return PageResult.Html(200, CycleInstancePage.Render(await ViewAsync(client, year, ct), message, isError: false));
    }

    /// <summary>The restart button's post: restart the year's instance, then back to its page with what happened.</summary>
    public async Task<PageResult> RestartPageAsync(DurableTaskClient client, FormFields form, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        int? year;
        try
        {
            year = SecretariatHandler.ParseYear(form.One("aar"));
        }
        catch (FormFieldException)
        {
            // A repeated field or a body that is not text: nothing to act on.
            year = null;
        }

        if (year is not { } y)
        {
            var current = await ViewAsync(client, starter.YearToPlan(), ct);
            return PageResult.Html(400, CycleInstancePage.Render(current, "Året mangler eller er ugyldigt. Genindlæs siden og prøv igen.", isError: true));
        }

        var result = await RestartAsync(client, y, actor, ct);
        return result.Done
            ? PageResult.Redirect($"{SecretariatPaths.CycleLoop}?aar={y}&besked={Uri.EscapeDataString(result.Message)}")
            : PageResult.Html(503, CycleInstancePage.Render(await ViewAsync(client, y, ct), result.Message, isError: true));
    }

    /// <summary>How long a restart waits for the terminated instance to stop before it gives up (and says so).</summary>
    private static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(30);

    public static async Task<CycleInstanceView> ViewAsync(DurableTaskClient client, int year, CancellationToken ct)
    {
        var instanceId = FollowUpCycle.InstanceIdFor(year);
        var (metadata, status) = await CycleInstances.StatusAsync(client, year, ct);
        if (metadata is null)
        {
            return new CycleInstanceView(year, instanceId, null, null, null, null, null);
        }

        var failure = metadata.FailureDetails is { } f ? $"{f.ErrorType}: {f.ErrorMessage}" : null;
        return new CycleInstanceView(year, instanceId, Danish(metadata.RuntimeStatus), metadata.CreatedAt, metadata.LastUpdatedAt, status?.Text, failure)
        {
            Running = !metadata.IsCompleted,
        };
    }

    public async Task<CycleRestartResult> RestartAsync(DurableTaskClient client, int year, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = FollowUpCycle.InstanceIdFor(year);
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
                return new CycleRestartResult(false, "Instansen er bedt om at stoppe, men er ikke stoppet endnu. Prøv igen om et øjeblik.");
            }
        }

        if (year == starter.YearToPlan())
        {
            // What the daily timer does, now: the current year's cycle exists (planned) before its loop starts.
            await starter.EnsureCycleAsync(year, actor, ct);
        }

        await CycleInstances.EnsureRunningAsync(client, year, logger, ct);
        var detail = existing is null ? "Der kørte ingen instans; en ny er startet." : $"Forrige instans: {Danish(existing.RuntimeStatus)}; en ny er startet.";
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Genstartede årshjulet", detail), ct);
        logger.LogInformation("Restarted the cycle orchestration {InstanceId} (was {Status})", instanceId, existing?.RuntimeStatus);
        return new CycleRestartResult(true, "Årshjulet er genstartet. " + detail);
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
