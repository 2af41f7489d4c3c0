using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using Polly;

namespace Fremdrift.Shared.Mail.Graph;

/// <summary>
/// Mail:Provider=Graph: hands one mail to Microsoft Graph's <c>POST /users/{mailbox}/sendMail</c>, sent as the
/// secretariat's mailbox, a copy kept in its Sent Items, replies going to that mailbox. The same mail frame as
/// SendGrid's (the HTML part; Graph takes one body), attachments as fileAttachment (base64). 202 is sent; what is
/// still 429, 5xx or unreachable after the resilience handler's retries (which wait as long as Graph's Retry-After
/// says) is transient and deferred by the send log; anything else (400, 401, 403, 404: no permission for the
/// mailbox, a wrong address) is permanent, with Graph's own error line. Each mail carries a reference in the
/// header <see cref="ReferenceHeader"/>, returned as the message id the send log keeps: a non-delivery report quotes
/// the original headers, and <see cref="GraphBounceReader"/> finds the step by it.
/// </summary>
internal sealed class GraphMailSender(GraphApi graph, ILogger<GraphMailSender> logger) : IMailSender
{
    /// <summary>The custom internet header that carries a mail's reference (x- headers are what Graph allows).</summary>
    public const string ReferenceHeader = "X-Fremdrift-Ref";

    /// <summary>Prefix of the references this sender makes (and the send log keeps as the message id).</summary>
    public const string ReferencePrefix = "fremdrift-";

    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var reference = ReferencePrefix + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, graph.MailboxUri("sendMail"))
        {
            Content = new StringContent(SendMailBody(message, graph.Mailbox, reference).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        HttpResponseMessage response;
        try
        {
            response = await graph.SendAsync(request, cancellationToken);
        }
        catch (GraphCredentialException e)
        {
            logger.LogError(e, "No token for Microsoft Graph");
            return new MailSendResult.Permanent(e.Message);
        }
        catch (Exception e) when (ProviderCallFailure.AsTransient(e, "Microsoft Graph", cancellationToken) is { } transient)
        {
            // No answer (timeout, open circuit breaker, network): Microsoft Graph is slow or failing right now.
            logger.LogWarning(e, "{Provider} was not reached or timed out", "Microsoft Graph");
            return transient;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new MailSendResult.Sent(reference);
            }

            var excerpt = await GraphApi.ErrorExcerptAsync(response, cancellationToken);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
            {
                return new MailSendResult.Transient($"Microsoft Graph svarede {status}: {excerpt}");
            }

            return new MailSendResult.Permanent($"Microsoft Graph afviste mailen (status {status}): {excerpt}");
        }
    }

    /// <summary>The documented sendMail body for one <see cref="MailMessage"/>; internal so tests can inspect it.</summary>
    internal static JsonObject SendMailBody(MailMessage message, string mailbox, string reference)
    {
        var recipient = new JsonObject { ["address"] = message.ToEmail };
        if (!string.IsNullOrWhiteSpace(message.ToName))
        {
            recipient["name"] = message.ToName;
        }

        var headers = new JsonArray { Header(ReferenceHeader, reference) };
        foreach (var (key, value) in message.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            // SendGrid's custom args, as x- headers (the only custom headers Graph accepts), for tracing a mail.
            headers.Add(Header("X-Fremdrift-" + HeaderToken(key), value));
        }

        var attachments = new JsonArray();
        foreach (var a in message.Attachments)
        {
            attachments.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.fileAttachment",
                ["name"] = a.FileName,
                ["contentType"] = a.ContentType,
                ["contentBytes"] = Convert.ToBase64String(a.Content),
            });
        }

        return new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["subject"] = message.Subject,
                ["body"] = new JsonObject { ["contentType"] = "HTML", ["content"] = message.HtmlBody },
                ["toRecipients"] = new JsonArray { new JsonObject { ["emailAddress"] = recipient } },
                // A chief's "Svar" goes to the secretariat's own mailbox, where its case handling is.
                ["replyTo"] = new JsonArray { new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = mailbox } } },
                ["internetMessageHeaders"] = headers,
                ["attachments"] = attachments,
            },
            // The record of what was sent stays in the secretariat's Sent Items.
            ["saveToSentItems"] = true,
        };
    }

    private static JsonObject Header(string name, string value) => new() { ["name"] = name, ["value"] = FormText.SingleLine(value) };

    private static string HeaderToken(string key) =>
        new(key.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
}
