using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Monitoring;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Mail.Graph;

/// <summary>What one read of the mailbox found: messages read, non-delivery reports among them, jobcentres marked, reports matching no mail step, and reports acted on before.</summary>
public sealed record GraphBounceRun(int Read, int Reports, int Recorded, int Unmatched, int AlreadyDone);

/// <summary>
/// Mail:Provider=Graph has no bounce webhook: Exchange puts a non-delivery report (NDR) in the sending mailbox. This
/// reads the mailbox's inbox (the last <see cref="Window"/>, only that mailbox: Mail.Read scoped to it), picks the
/// NDRs (from postmaster / MicrosoftExchange… / mailer-daemon, subject "Undeliverable:" or "Kan ikke leveres:" …),
/// and finds the mail step that caused each: by the <see cref="GraphMailSender.ReferenceHeader"/> quoted in the
/// report's original headers (the send log keeps it as the message id), else by the failed recipient among the
/// addresses the app mailed before the report came. The jobcentre is then marked as SendGrid's bounce event marks
/// it (<see cref="JobcentreBounceMarker"/>). Anything else in the inbox, a chief's reply or an out-of-office, is
/// left alone and unread-state untouched (the app only reads). Each report is acted on once (its Graph id is kept
/// with the processed SendGrid events).
/// </summary>
public sealed partial class GraphBounceReader(
    GraphApi graph,
    SendLogRepository sendLog,
    JobcentreRepository directory,
    WebhookEventRepository processed,
    JobcentreBounceMarker marker,
    CycleStarter starter,
    TimeProvider time,
    IOptions<MailOptions> options,
    ILogger<GraphBounceReader> logger)
{
    /// <summary>How far back the inbox is read; as for SendGrid's events, an older bounce says nothing reliable about the address today.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <summary>Pages of 50 read at most per run (a mailbox that gets more than 500 mails in three days is read newest first).</summary>
    public const int MaxPages = 10;

    /// <summary>The actor named in the audit log.</summary>
    public const string Actor = "Microsoft 365";

    private static readonly string[] ReportSubjects =
    [
        "Undeliverable:", "Kan ikke leveres:", "Ikke leveret:", "Non remis :", "Unzustellbar:",
        "Delivery Status Notification (Failure)", "Mail delivery failed", "Returned mail:", "Undelivered Mail Returned to Sender",
    ];

    public async Task<GraphBounceRun> RunAsync(CancellationToken ct)
    {
        if (!string.Equals(options.Value.Provider, "Graph", StringComparison.OrdinalIgnoreCase))
        {
            return new GraphBounceRun(0, 0, 0, 0, 0);
        }

        var now = time.GetUtcNow();
        IReadOnlyList<InboxMessage> inbox;
        try
        {
            inbox = await ReadInboxAsync(now - Window, ct);
        }
        catch (Exception e) when (e is GraphReadException or GraphCredentialException or HttpRequestException or Polly.ExecutionRejectedException or JsonException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogError(AlertEvents.MailboxReadFailed, e, "Could not read the mailbox {Mailbox} for bounces: {Reason}", options.Value.GraphMailbox, e.Message);
            throw new GraphReadException($"Postkassen {options.Value.GraphMailbox} kunne ikke læses for afviste mails: {e.Message}", e);
        }

        var reports = inbox.Where(IsNonDeliveryReport).ToList();
        if (reports.Count == 0)
        {
            return new GraphBounceRun(inbox.Count, 0, 0, 0, 0);
        }

        // The years whose mails can bounce now: the one being planned and run, and the one before (a late bilag mail).
        var year = starter.YearToPlan();
        var sent = new List<SendLogEntry>();
        foreach (var y in new[] { year, year - 1, now.Year }.Distinct())
        {
            sent.AddRange((await sendLog.ListAsync(y, ct)).Where(e => e is { Status: SendStatus.Sent, MunicipalityCode: > 0, To: { Length: > 0 } }));
        }

        var byReference = sent.Where(e => e.MessageId?.StartsWith(GraphMailSender.ReferencePrefix, StringComparison.Ordinal) == true)
            .GroupBy(e => e.MessageId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = await processed.ProcessedAsync(ct);
        int recorded = 0, unmatched = 0, done = 0;
        foreach (var report in reports.OrderBy(r => r.ReceivedAt))
        {
            var step = Match(report, byReference, sent);
            if (step is null)
            {
                unmatched++;
                logger.LogInformation("A non-delivery report ({Subject}) matches no mail the app sent", report.Subject);
                continue;
            }

            var key = WebhookEventRepository.Key("graph-ndr|" + report.Id);
            if (seen.TryGetValue(step.MunicipalityCode, out var keys) && keys.Contains(key))
            {
                done++;
                continue;
            }

            var jobcentre = await directory.GetAsync(step.MunicipalityCode, ct);
            var bounce = new MailBounce(step.To!, "bounce", Reason(report), report.ReceivedAt);
            if (jobcentre is not null && await marker.MarkAsync(jobcentre, bounce, Actor, ct))
            {
                recorded++;
            }

            await processed.MarkProcessedAsync(step.MunicipalityCode, [key], now, ct);
        }

        return new GraphBounceRun(inbox.Count, reports.Count, recorded, unmatched, done);
    }

    /// <summary>One message of the inbox, as far as this reader needs it (the body as text).</summary>
    internal sealed record InboxMessage(string Id, string Subject, string From, DateTimeOffset ReceivedAt, string Body);

    /// <summary>
    /// An NDR comes from the mail system itself and says so in its subject; a delay notice ("Delivery delayed:") is not
    /// a bounce, and a chief's reply ("SV: …") or an automatic reply comes from the chief's own address.
    /// </summary>
    internal static bool IsNonDeliveryReport(InboxMessage message)
    {
        var local = message.From.Split('@')[0];
        var fromSystem = local.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            || local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || local.StartsWith("MicrosoftExchange", StringComparison.OrdinalIgnoreCase);
        return fromSystem && ReportSubjects.Any(s => message.Subject.TrimStart().StartsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The step by the quoted reference; else the latest mail sent before the report to an address it names.</summary>
    internal static SendLogEntry? Match(InboxMessage report, IReadOnlyDictionary<string, SendLogEntry> byReference, IReadOnlyList<SendLogEntry> sent)
    {
        foreach (Match m in QuotedReference().Matches(report.Body))
        {
            if (byReference.TryGetValue(m.Groups[1].Value, out var step))
            {
                return step;
            }
        }

        var named = Address().Matches(report.Body).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return sent.Where(e => named.Contains(e.To!) && e.At <= report.ReceivedAt).MaxBy(e => e.At);
    }

    /// <summary>One line for the secretariat's page and the audit log: the report's subject and Exchange's status code.</summary>
    private static string Reason(InboxMessage report)
    {
        var code = StatusCode().Match(report.Body);
        var reason = FormText.SingleLine(code.Success ? $"{report.Subject} ({code.Value})" : report.Subject);
        return reason.Length > 500 ? reason[..500] : reason;
    }

    private async Task<IReadOnlyList<InboxMessage>> ReadInboxAsync(DateTimeOffset since, CancellationToken ct)
    {
        var filter = Uri.EscapeDataString("receivedDateTime ge " + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var next = graph.MailboxUri($"mailFolders/inbox/messages?$filter={filter}&$select=id,subject,from,receivedDateTime,body&$orderby=receivedDateTime%20desc&$top=50");
        var root = graph.MailboxUri("");
        var messages = new List<InboxMessage>();
        for (var page = 0; page < MaxPages && next is not null; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            // The body as plain text: the quoted headers and the failed address are then simple to find.
            request.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
            using var response = await graph.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new GraphReadException($"Microsoft Graph svarede {(int)response.StatusCode}: {await GraphApi.ErrorExcerptAsync(response, ct)}", null);
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            foreach (var item in doc.RootElement.GetProperty("value").EnumerateArray())
            {
                messages.Add(new InboxMessage(
                    Text(item, "id"),
                    Text(item, "subject"),
                    item.TryGetProperty("from", out var from) && from.TryGetProperty("emailAddress", out var address) ? Text(address, "address") : "",
                    item.TryGetProperty("receivedDateTime", out var received) && received.TryGetDateTimeOffset(out var at) ? at : DateTimeOffset.MinValue,
                    item.TryGetProperty("body", out var body) ? Text(body, "content") : ""));
            }

            // Follow Graph's next page only on Graph itself: the bearer token never goes to another host.
            next = doc.RootElement.TryGetProperty("@odata.nextLink", out var link) && Uri.TryCreate(link.GetString(), UriKind.Absolute, out var uri)
                && uri.GetLeftPart(UriPartial.Authority) == root.GetLeftPart(UriPartial.Authority) ? uri : null;
        }

        return messages;
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    [GeneratedRegex(@"X-Fremdrift-Ref:\s*(fremdrift-[0-9a-f]{32})", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedReference();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Address();

    [GeneratedRegex(@"\b[45]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex StatusCode();
}

/// <summary>The mailbox could not be read (Graph refused or failed); the next timer run tries again.</summary>
public sealed class GraphReadException(string message, Exception? inner) : Exception(message, inner);
