using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Readiness;

/// <summary>
/// SendGrid's HTTP API on 127.0.0.1 for the readiness check: <c>GET /v3/scopes</c> answers 200 with the key's scopes
/// when the request carries "Authorization: Bearer {the accepted key}" and 401 (SendGrid's own error shape) otherwise,
/// as SendGrid's Scopes API description says; <c>POST /v3/mail/send</c> answers 202 and keeps the body (401 with another key). Anything else
/// is 404 and counted, so a test sees a request of the wrong shape.
/// </summary>
internal sealed class SendGridScopesFake : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _acceptedKey;
    private readonly string[] _scopes;

    public SendGridScopesFake(string acceptedKey, params string[] scopes)
    {
        _acceptedKey = acceptedKey;
        _scopes = scopes.Length == 0 ? ["mail.send", "alerts.read"] : scopes;
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    public string Host => _server.BaseUrl;

    public ConcurrentQueue<string> ScopeRequests { get; } = new();

    public ConcurrentQueue<string> Mails { get; } = new();

    public ConcurrentQueue<string> Unexpected { get; } = new();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        var authorized = request.Headers["Authorization"] == "Bearer " + _acceptedKey;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        if (request.HttpMethod == "GET" && path == "/v3/scopes" && body.Length == 0)
        {
            ScopeRequests.Enqueue(request.Headers["Authorization"] ?? "");
            await RespondAsync(context, authorized ? 200 : 401, authorized
                ? "{\"scopes\":[" + string.Join(",", _scopes.Select(s => "\"" + s + "\"")) + "]}"
                : "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}");
        }
        else if (request.HttpMethod == "POST" && path == "/v3/mail/send" && !authorized)
        {
            await RespondAsync(context, 401, "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}");
        }
        else if (request.HttpMethod == "POST" && path == "/v3/mail/send")
        {
            Mails.Enqueue(body);
            context.Response.Headers["X-Message-Id"] = "msg-" + Mails.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await RespondAsync(context, 202, "");
        }
        else
        {
            Unexpected.Enqueue($"{request.HttpMethod} {path}");
            await RespondAsync(context, 404, "{\"errors\":[{\"message\":\"not found\"}]}");
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        if (json.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        context.Response.Close();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
