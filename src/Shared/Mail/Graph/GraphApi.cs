using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Mail.Graph;

/// <summary>
/// The few Microsoft Graph calls the app makes, as plain REST over the "Graph" client from IHttpClientFactory (the
/// standard resilience handler, honouring Retry-After) with a token from the app's one <see cref="TokenCredential"/>
/// (the user-assigned managed identity in Azure). Only the mailbox in Mail:GraphMailbox is ever addressed.
/// </summary>
public sealed class GraphApi(IHttpClientFactory httpClients, TokenCredential credential, IOptions<MailOptions> options)
{
    /// <summary>The name of Graph's client in IHttpClientFactory.</summary>
    public const string HttpClientName = "Graph";

    /// <summary>Application permissions granted to the identity (Mail.Send, Mail.Read), as a client-credentials scope.</summary>
    public const string Scope = "https://graph.microsoft.com/.default";

    public string Mailbox => options.Value.GraphMailbox is { Length: > 0 } mailbox
        ? mailbox
        : throw new InvalidOperationException("Mail:GraphMailbox skal sættes, når Mail:Provider er Graph.");

    /// <summary>{GraphBaseUrl}/v1.0/users/{mailbox}/ + <paramref name="path"/>.</summary>
    public Uri MailboxUri(string path) =>
        new($"{options.Value.GraphBaseUrl.TrimEnd('/')}/v1.0/users/{Uri.EscapeDataString(Mailbox)}/{path}");

    /// <summary>
    /// Sends a request with a bearer token. The credential's own failure (no identity, no consent) is thrown as
    /// <see cref="GraphCredentialException"/> with a Danish message, so callers tell it from Graph's answers.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        AccessToken token;
        try
        {
            token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), ct);
        }
        catch (AuthenticationFailedException e)
        {
            throw new GraphCredentialException("Appens identitet fik ingen adgangsnøgle til Microsoft Graph: " + FirstLine(e.Message), e);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>Graph's error message from an error answer ({"error":{"code","message"}}), cut to one short line.</summary>
    public static async Task<string> ErrorExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                body = $"{code}: {message}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON (a gateway's HTML page): the raw start below.
        }

        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length == 0 ? "(intet svar)" : body.Length <= 300 ? body : body[..300] + "…";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>The app's identity could not get a token for Graph (not a managed identity here, no consent, …).</summary>
internal sealed class GraphCredentialException(string message, Exception inner) : Exception(message, inner);
