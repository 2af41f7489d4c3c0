using Fremdrift.Shared.Mail;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>SendGrid's Event Webhook on the local host: not behind the sign-in (SendGrid cannot sign in), but signature-checked when a key is set.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this WebApplication app)
    {
        // The same read (capped at BounceWebhook.MaxBodyBytes, above the local host's limit for forms) as the Functions app's.
        app.MapPost("/webhooks/sendgrid", async (HttpRequest request, BounceWebhook webhook, CancellationToken ct) =>
            (await webhook.HandleAsync(request, ct)).ToHttp());
    }
}
