using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Hands one mail to SendGrid's v3 Mail API through the SendGrid SDK, over the HTTP client that
/// <see cref="MailServiceCollectionExtensions.AddSendGridHttpClient"/> registers (its resilience handler retries
/// 408, 429, 5xx and network errors with backoff). 2xx is sent (with SendGrid's message id); what is still 429, 5xx
/// or unreachable after the retries is transient (the send log defers the step to a later run); anything else is
/// permanent, reported with the status and the start of SendGrid's answer. Click tracking is off, so the
/// personal links are not rewritten through SendGrid's redirect servers.
/// </summary>
internal sealed class SendGridMailSender(IHttpClientFactory httpClients, IOptions<MailOptions> options, ILogger<SendGridMailSender> logger) : IMailSender
{
    /// <summary>The name of SendGrid's client in IHttpClientFactory.</summary>
    public const string HttpClientName = "SendGrid";

    private const int ExcerptLength = 300;

    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var mail = ToSendGrid(message, options.Value);
        Response response;
        try
        {
            // A client per send from the factory, so its pooled handlers are recycled (DNS changes are seen).
            response = await CreateClient(httpClients.CreateClient(HttpClientName), options.Value).SendEmailAsync(mail, cancellationToken);
        }
        catch (Exception e) when (ProviderCallFailure.AsTransient(e, "SendGrid", cancellationToken) is { } transient)
        {
            // No answer (timeout, open circuit breaker, network): SendGrid is slow or failing right now.
            logger.LogWarning(e, "{Provider} was not reached or timed out", "SendGrid");
            return transient;
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var id = response.Headers is not null && response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return new MailSendResult.Sent(id);
        }

        var excerpt = await ExcerptAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            return new MailSendResult.Transient($"SendGrid svarede {status}: {excerpt}");
        }

        return new MailSendResult.Permanent($"SendGrid afviste mailen (status {status}): {excerpt}");
    }

    /// <summary>The SDK's message for one <see cref="MailMessage"/>; internal so tests can inspect it.</summary>
    internal static SendGridMessage ToSendGrid(MailMessage message, MailOptions options)
    {
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(options.FromEmail, options.FromName),
            new EmailAddress(message.ToEmail, string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName),
            message.Subject,
            message.TextBody,
            message.HtmlBody);
        mail.SetClickTracking(false, false);
        foreach (var attachment in message.Attachments)
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType);
        }

        foreach (var (key, value) in message.Tags)
        {
            mail.AddCustomArg(key, value);
        }

        return mail;
    }

    private static async Task<string> ExcerptAsync(Response response, CancellationToken ct)
    {
        if (response.Body is null)
        {
            return "(intet svar)";
        }

        var body = await response.Body.ReadAsStringAsync(ct);
        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length <= ExcerptLength ? body : body[..ExcerptLength] + "…";
    }

    /// <summary>The SDK's client over an HTTP client from the factory; the SDK's own retries stay off (the handler retries).</summary>
    internal static SendGridClient CreateClient(HttpClient http, MailOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SendGridApiKey))
        {
            throw new InvalidOperationException("Mail:SendGridApiKey skal sættes, når Mail:Provider er SendGrid (i Azure fra Key Vault).");
        }

        var clientOptions = new SendGridClientOptions { ApiKey = options.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(options.SendGridHost))
        {
            clientOptions.Host = options.SendGridHost;
        }

        return new SendGridClient(http, clientOptions);
    }
}
