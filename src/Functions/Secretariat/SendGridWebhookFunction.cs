using Fremdrift.Functions.Cycle;
using Fremdrift.Shared.Secretariat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fremdrift.Functions.Secretariat;

/// <summary>
/// SendGrid's Event Webhook (POST /api/webhooks/sendgrid). Anonymous, because SendGrid cannot sign in; with
/// BounceWebhook__VerificationKey set, the Shared handler checks SendGrid's signature over the raw body, which is
/// therefore read byte for byte and capped before anything parses it.
/// </summary>
public sealed class SendGridWebhookFunction(BounceWebhook webhook)
{
    /// <summary>SendGrid batches events; a few thousand events stay far below this.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    [Function(nameof(SendGridEventWebhook))]
    public async Task<IActionResult> SendGridEventWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/sendgrid")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }

        using var signals = DurableCycleSignals.Use(client);
        return (await webhook.HandleAsync(
            buffer.ToArray(),
            request.Headers[BounceWebhook.SignatureHeader],
            request.Headers[BounceWebhook.TimestampHeader],
            request.HttpContext.RequestAborted)).ToActionResult();
    }
}
