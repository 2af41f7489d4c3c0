using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Says at start, in the log, that SendGrid's event webhook refuses every post (in Azure without a verification
/// key; locally without one and without AllowUnsigned). The webhook fails closed; this only tells why.
/// </summary>
internal sealed class BounceWebhookStartupCheck(BounceWebhook webhook, ILogger<BounceWebhookStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (webhook.ConfigurationProblem is { } problem)
        {
            logger.LogError("SendGrid event webhook refuses every post: {Problem}", problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
