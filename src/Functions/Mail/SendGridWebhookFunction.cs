using Fremdrift.Shared.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions.Mail;

/// <summary>
/// SendGrid's Event Webhook (POST /webhooks/sendgrid). Anonymous, because SendGrid cannot sign in, and no
/// function key guards it: the credential is SendGrid's signature. In Azure the Shared handler refuses every post
/// until BounceWebhook__VerificationKey is set, then checks the signature over the raw body (read byte for byte
/// and capped before anything parses it, as on the local host) and that the signed timestamp is recent. It raises
/// no cycle signal: a bounce only stops future mails, and every send checks the address's bounce mark itself.
/// </summary>
internal sealed class SendGridWebhookFunction(BounceWebhook webhook)
{
    [Function(nameof(SendGridEventWebhook))]
    public async Task<IActionResult> SendGridEventWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/sendgrid")] HttpRequest request) =>
        (await webhook.HandleAsync(request, request.HttpContext.RequestAborted)).ToActionResult();
}
