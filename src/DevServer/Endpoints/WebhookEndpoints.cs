using Microsoft.AspNetCore.Http.Features;
using Fremdrift.Shared.Mail;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>SendGrid's Event Webhook on the local host: not behind the sign-in (SendGrid cannot sign in), but signature-checked when a key is set.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this WebApplication app)
    {
        app.MapPost("/webhooks/sendgrid", async (HttpRequest request, BounceWebhook webhook, CancellationToken ct) =>
        {
            // SendGrid batches up to thousands of events per post: the same 4 MB cap as the Functions app, above
            // the local host's general limit for forms.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = 4 * 1024 * 1024;
            }

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
