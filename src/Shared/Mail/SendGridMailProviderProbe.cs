using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using SendGrid;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Checks the SendGrid key with SendGrid's harmless authenticated call <c>GET /v3/scopes</c> (the key's permissions;
/// nothing is sent), over the same HTTP client and host as the mails. 200 with <c>mail.send</c> among the scopes is
/// ok; 401/403 means the key is wrong, revoked or lacks the right; anything else is reported with its status.
/// </summary>
public sealed class SendGridMailProviderProbe(IHttpClientFactory httpClients, IOptions<MailOptions> options) : IMailProviderProbe
{
    public async Task<MailProviderCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var mail = options.Value;
        if (string.IsNullOrWhiteSpace(mail.SendGridApiKey))
        {
            return new MailProviderCheck(false, "Der er ingen SendGrid-nøgle (Mail__SendGridApiKey; i Azure fra Key Vault).");
        }

        Response response;
        try
        {
            var client = SendGridMailSender.CreateClient(httpClients.CreateClient(SendGridMailSender.HttpClientName), mail);
            response = await client.RequestAsync(BaseClient.Method.GET, urlPath: "scopes", cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MailProviderCheck(false, "SendGrid kunne ikke nås: " + e.Message);
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new MailProviderCheck(false, $"SendGrid afviser nøglen (status {status}): den er forkert, udløbet eller slettet.");
        }

        if (status is < 200 or >= 300)
        {
            return new MailProviderCheck(false, $"SendGrid svarede {status} på et tjek af nøglen.");
        }

        var scopes = await ScopesAsync(response, cancellationToken);
        return scopes.Contains("mail.send", StringComparer.Ordinal)
            ? new MailProviderCheck(true, "SendGrid godkender nøglen, og den må sende mail.")
            : new MailProviderCheck(false, "SendGrid godkender nøglen, men den må ikke sende mail (rettigheden mail.send mangler).");
    }

    private static async Task<IReadOnlyList<string>> ScopesAsync(Response response, CancellationToken ct)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Body.ReadAsStringAsync(ct));
            return json.RootElement.TryGetProperty("scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
                ? scopes.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
