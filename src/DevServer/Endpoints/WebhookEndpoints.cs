using Fremdrift.Shared.Secretariat;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>SendGrid's Event Webhook on the local host: not behind the sign-in (SendGrid cannot sign in), but signature-checked when a key is set.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this WebApplication app)
    {
        app.MapPost("/webhooks/sendgrid", async (HttpRequest request, BounceWebhook webhook, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return (await webhook.HandleAsync(
                buffer.ToArray(),
                request.Headers[BounceWebhook.SignatureHeader],
                request.Headers[BounceWebhook.TimestampHeader],
                ct)).ToHttp();
        });
    }
}
