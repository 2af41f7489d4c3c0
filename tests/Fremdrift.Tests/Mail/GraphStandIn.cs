using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Mail;

/// <summary>
/// A stand-in for the Microsoft Graph calls the app makes, on 127.0.0.1. Every request must carry a bearer token
/// whose audience is Graph (401 otherwise) and address the one mailbox the app was granted (403 otherwise, as
/// Exchange's RBAC for Applications answers). <c>POST /v1.0/users/{mailbox}/sendMail</c> is checked against the
/// documented body (message.subject, body.contentType/content, toRecipients[].emailAddress.address, replyTo,
/// internetMessageHeaders with x- names, attachments as #microsoft.graph.fileAttachment with base64 contentBytes,
/// saveToSentItems; any other property is refused with 400 as Graph refuses it) and answered as scripted: 202, 429
/// with Retry-After, 5xx, 4xx. <c>GET …/mailFolders/inbox</c> and <c>…/mailFolders/inbox/messages</c> (with its
/// $filter on receivedDateTime, $select, $top and paging by @odata.nextLink) answer from <see cref="Inbox"/>.
/// </summary>
internal sealed class GraphStandIn : IAsyncDisposable
{
    public const string Audience = "https://graph.microsoft.com";

    private static readonly HashSet<string> MessageProperties = new(StringComparer.Ordinal)
    {
        "subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "internetMessageHeaders", "attachments", "importance",
    };

    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<Answer> _script = new();

    public GraphStandIn(string mailbox)
    {
        Mailbox = mailbox;
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    public string Mailbox { get; }

    public string BaseUrl => _server.BaseUrl;

    /// <summary>Mails accepted (202), in order.</summary>
    public ConcurrentQueue<SentMail> Sent { get; } = new();

    /// <summary>Every sendMail attempt with the time it arrived (also the refused and scripted ones).</summary>
    public ConcurrentQueue<DateTimeOffset> SendAttempts { get; } = new();

    /// <summary>Requests that broke the documented shape: a test asserts there are none.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>What the mailbox's inbox holds.</summary>
    public ConcurrentQueue<InboxItem> Inbox { get; } = new();

    /// <summary>Times the inbox was read (messages or the folder).</summary>
    public int InboxReads => Volatile.Read(ref _inboxReads);

    private int _inboxReads;

    /// <summary>The next sendMail attempts are answered so, in order; then 202 again.</summary>
    public void Script(params Answer[] answers)
    {
        foreach (var a in answers)
        {
            _script.Enqueue(a);
        }
    }

    /// <summary>A scripted answer to one sendMail: a status, with Retry-After seconds for a 429.</summary>
    internal sealed record Answer(int Status, int? RetryAfterSeconds = null, string Code = "ErrorScripted");

    /// <summary>One accepted mail as the stand-in read it from the body.</summary>
    internal sealed record SentMail(string To, string? ToName, string Subject, string ContentType, string Html, IReadOnlyList<string> ReplyTo, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<(string Name, byte[] Content)> Attachments, bool SaveToSentItems)
    {
        public string Reference => Headers["X-Fremdrift-Ref"];
    }

    /// <summary>One message in the inbox, as Graph lists it (body as text, as the Prefer header asks).</summary>
    internal sealed record InboxItem(string Id, string Subject, string FromName, string FromAddress, DateTimeOffset ReceivedAt, string Body);

    /// <summary>
    /// A non-delivery report as Exchange Online writes it into the sender's inbox: from "Microsoft Outlook"
    /// (MicrosoftExchange…@tenant), subject "Undeliverable: …" (or "Kan ikke leveres: …" in a Danish tenant), the
    /// failed recipient and the remote server's 5.x.x status, and the original message's headers quoted at the end.
    /// </summary>
    public InboxItem ExchangeReport(SentMail original, DateTimeOffset at, bool danish = false)
    {
        var subject = (danish ? "Kan ikke leveres: " : "Undeliverable: ") + original.Subject;
        var intro = danish
            ? $"Din meddelelse til {original.To} kunne ikke leveres.\n{original.To.Split('@')[0]} blev ikke fundet på {original.To.Split('@')[1]}."
            : $"Your message to {original.To} couldn't be delivered.\n{original.To.Split('@')[0]} wasn't found at {original.To.Split('@')[1]}.";
        var body = $"""
            {intro}

            Action Required                                   Recipient
            Unknown To address

            Diagnostic information for administrators:

            Generating server: DB9PR01MB1234.eurprd01.prod.exchangelabs.com

            {original.To}
            Remote server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'

            Original message headers:

            Received: from DB9PR01MB1234.eurprd01.prod.exchangelabs.com ({at.AddMinutes(-1):R})
            Content-Type: multipart/mixed; boundary="_004_"
            From: KKR Hovedstadens sekretariat <{Mailbox}>
            To: {original.ToName} <{original.To}>
            Subject: {original.Subject}
            Thread-Topic: {original.Subject}
            Message-ID: <DB9PR01MB1234{Guid.NewGuid():N}@DB9PR01MB1234.eurprd01.prod.exchangelabs.com>
            {string.Join("\n", original.Headers.Select(h => $"{h.Key}: {h.Value}"))}
            MIME-Version: 1.0
            """;
        return new InboxItem(NewId(), subject, "Microsoft Outlook", "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@" + Mailbox.Split('@')[1], at, body);
    }

    /// <summary>A remote server's report through postmaster that quotes no headers, only the failed address.</summary>
    public InboxItem PostmasterReport(string to, string originalSubject, DateTimeOffset at) => new(
        NewId(), "Undeliverable: " + originalSubject, "Mail Delivery System", "postmaster@" + Mailbox.Split('@')[1], at,
        $"Delivery has failed to these recipients or groups:\n\n{to}\nThe e-mail address you entered couldn't be found.\n\nDiagnostic information for administrators:\n\n{to}\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'");

    /// <summary>A chief's answer to a mail ("SV: …"), quoting it, the chief's own address in it: not a bounce.</summary>
    public static InboxItem Reply(SentMail original, DateTimeOffset at) => new(
        NewId(), "SV: " + original.Subject, original.ToName ?? "", original.To, at,
        $"Tak, vi svarer i næste uge.\n\nFra: KKR Hovedstadens sekretariat\nSendt: {at.AddDays(-1):D}\nTil: {original.To}\nEmne: {original.Subject}\n\nUndeliverable addresses are not our problem.");

    private static string NewId() => "AAMkAGI2" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).Replace('/', '-') + "AAA=";

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception e) when (e is not (HttpListenerException or ObjectDisposedException or IOException))
        {
            Violations.Enqueue("stand-in failed: " + e.Message);
            await RespondAsync(context.Response, 500, Error("InternalServerError", e.Message));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        var bodyText = await new StreamReader(request.InputStream, Encoding.UTF8).ReadToEndAsync();
        if (TokenProblem(request.Headers["Authorization"]) is { } problem)
        {
            await RespondAsync(context.Response, 401, Error("InvalidAuthenticationToken", problem));
            return;
        }

        var prefix = "/v1.0/users/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            Violations.Enqueue("unknown path " + path);
            await RespondAsync(context.Response, 404, Error("UnknownPath", path));
            return;
        }

        var rest = path[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        var operation = slash < 0 ? "" : rest[(slash + 1)..];
        if (!string.Equals(user, Mailbox, StringComparison.OrdinalIgnoreCase))
        {
            await RespondAsync(context.Response, 403, Error("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
            return;
        }

        switch (request.HttpMethod, operation)
        {
            case ("POST", "sendMail"):
                await SendMailAsync(context, bodyText);
                break;
            case ("GET", "mailFolders/inbox"):
                Interlocked.Increment(ref _inboxReads);
                if (request.QueryString["$select"] != "id")
                {
                    Violations.Enqueue("the folder read should select only the id");
                }

                await RespondAsync(context.Response, 200, new JsonObject { ["id"] = "AQMkAGI2inbox" });
                break;
            case ("GET", "mailFolders/inbox/messages"):
                Interlocked.Increment(ref _inboxReads);
                await ListInboxAsync(context);
                break;
            default:
                Violations.Enqueue($"unexpected {request.HttpMethod} {path}");
                await RespondAsync(context.Response, 400, Error("BadRequest", "Unsupported request."));
                break;
        }
    }

    private async Task SendMailAsync(HttpListenerContext context, string bodyText)
    {
        SendAttempts.Enqueue(DateTimeOffset.UtcNow);
        SentMail mail;
        try
        {
            mail = ReadSendMail(bodyText);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            Violations.Enqueue("sendMail body: " + e.Message);
            await RespondAsync(context.Response, 400, Error("ErrorInvalidRequest", e.Message));
            return;
        }

        if (_script.TryDequeue(out var answer) && answer.Status != 202)
        {
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await RespondAsync(context.Response, answer.Status, Error(answer.Code, $"Scripted {answer.Status}."));
            return;
        }

        Sent.Enqueue(mail);
        context.Response.StatusCode = 202;
        context.Response.Close();
    }

    /// <summary>Reads and checks a sendMail body as Graph's documentation describes it.</summary>
    private static SentMail ReadSendMail(string text)
    {
        var root = JsonNode.Parse(text)!.AsObject();
        foreach (var p in root)
        {
            Require(p.Key is "message" or "saveToSentItems", $"unknown property '{p.Key}'");
        }

        var message = root["message"]!.AsObject();
        foreach (var p in message)
        {
            Require(MessageProperties.Contains(p.Key), $"The property '{p.Key}' does not exist on type 'microsoft.graph.message'");
        }

        var subject = message["subject"]!.GetValue<string>();
        Require(subject.Length > 0 && !subject.Contains('\n', StringComparison.Ordinal), "subject must be one non-empty line");
        var body = message["body"]!.AsObject();
        var contentType = body["contentType"]!.GetValue<string>();
        Require(contentType is "HTML" or "html" or "Text" or "text", "body.contentType must be HTML or Text");
        var html = body["content"]!.GetValue<string>();
        var to = message["toRecipients"]!.AsArray();
        Require(to.Count == 1, "one recipient per mail");
        var address = to[0]!["emailAddress"]!["address"]!.GetValue<string>();
        Require(IsAddress(address), "toRecipients[0].emailAddress.address is not an address");
        var replyTo = message["replyTo"]?.AsArray().Select(r => r!["emailAddress"]!["address"]!.GetValue<string>()).ToList() ?? [];
        Require(replyTo.All(IsAddress), "replyTo holds a non-address");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in message["internetMessageHeaders"]?.AsArray() ?? [])
        {
            var name = h!["name"]!.GetValue<string>();
            Require(name.StartsWith("x-", StringComparison.OrdinalIgnoreCase), $"custom header '{name}' must start with x-");
            headers[name] = h["value"]!.GetValue<string>();
        }

        var attachments = new List<(string, byte[])>();
        foreach (var a in message["attachments"]?.AsArray() ?? [])
        {
            Require(a!["@odata.type"]!.GetValue<string>() == "#microsoft.graph.fileAttachment", "attachment @odata.type must be #microsoft.graph.fileAttachment");
            var name = a["name"]!.GetValue<string>();
            Require(name.Length > 0, "attachment name");
            Require(a["contentType"]!.GetValue<string>().Contains('/', StringComparison.Ordinal), "attachment contentType");
            attachments.Add((name, Convert.FromBase64String(a["contentBytes"]!.GetValue<string>())));
        }

        var save = root["saveToSentItems"]?.GetValue<bool>() ?? true;
        return new SentMail(address, to[0]!["emailAddress"]!["name"]?.GetValue<string>(), subject, contentType, html, replyTo, headers, attachments, save);
    }

    private async Task ListInboxAsync(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var filter = query["$filter"] ?? "";
        const string Ge = "receivedDateTime ge ";
        if (!filter.StartsWith(Ge, StringComparison.Ordinal) || !DateTimeOffset.TryParse(filter[Ge.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            Violations.Enqueue("inbox read without a receivedDateTime filter: " + filter);
            await RespondAsync(context.Response, 400, Error("ErrorInvalidUrlQueryFilter", "filter"));
            return;
        }

        if (context.Request.Headers["Prefer"] != "outlook.body-content-type=\"text\"")
        {
            Violations.Enqueue("inbox read without Prefer: outlook.body-content-type=\"text\"");
        }

        var top = int.TryParse(query["$top"], CultureInfo.InvariantCulture, out var t) ? t : 10;
        var skip = int.TryParse(query["$skip"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var all = Inbox.Where(m => m.ReceivedAt >= since).OrderByDescending(m => m.ReceivedAt).ToList();
        var page = all.Skip(skip).Take(top).Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.Id,
            ["subject"] = m.Subject,
            ["receivedDateTime"] = m.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["from"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = m.FromName, ["address"] = m.FromAddress } },
            ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = m.Body },
        }).ToArray();
        var answer = new JsonObject { ["value"] = new JsonArray(page) };
        if (skip + top < all.Count)
        {
            var url = context.Request.Url!;
            answer["@odata.nextLink"] = $"{BaseUrl}{url.AbsolutePath}?$filter={Uri.EscapeDataString(filter)}&$top={top}&$skip={skip + top}";
        }

        await RespondAsync(context.Response, 200, answer);
    }

    /// <summary>The bearer token must be there and be for Graph (the fake credential's tokens carry their audience).</summary>
    private static string? TokenProblem(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "Access token is empty.";
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return "IDX14100: JWT is not well formed.";
        }

        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))))!;
        var audience = payload["aud"]?.GetValue<string>();
        return audience == Audience ? null : $"Invalid audience '{audience}'.";
    }

    private static string Pad(string s) => s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');

    private static bool IsAddress(string a) => a.Count(c => c == '@') == 1 && a.IndexOf('@', StringComparison.Ordinal) > 0 && !a.Contains(' ', StringComparison.Ordinal);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException(message);
        }
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task RespondAsync(HttpListenerResponse response, int status, JsonNode body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>
/// The app's credential in tests: an unsigned JWT whose audience is the scope's resource (what Entra ID issues for
/// "https://graph.microsoft.com/.default"), or a fixed wrong audience when a test wants a misconfigured identity.
/// </summary>
internal sealed class FakeGraphCredential(string? audience = null) : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        var aud = audience ?? requestContext.Scopes.Single().Replace("/.default", "", StringComparison.Ordinal);
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"aud\":\"{aud}\",\"roles\":[\"Mail.Send\",\"Mail.Read\"]}}")}.";
        return new AccessToken(token + "sig", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
