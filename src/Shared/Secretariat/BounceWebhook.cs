using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Secretariat;

/// <summary>SendGrid Event Webhook settings (section "BounceWebhook").</summary>
public sealed class BounceWebhookOptions : IValidatableObject
{
    public const string Section = "BounceWebhook";

    /// <summary>
    /// SendGrid's "Signed Event Webhook" verification key (base64 DER ECDSA P-256 public key). When set, every
    /// post must carry a valid signature; when empty, posts are accepted unsigned (local use; in Azure the
    /// function key still guards the endpoint).
    /// </summary>
    public string? VerificationKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(VerificationKey) && BounceWebhook.TryImportKey(VerificationKey) is null)
        {
            yield return new ValidationResult("BounceWebhook:VerificationKey er ikke en gyldig ECDSA P-256 offentlig nøgle (base64, DER) fra SendGrid.", [nameof(VerificationKey)]);
        }
    }
}

/// <summary>
/// SendGrid's Event Webhook: "bounce", "dropped" and "blocked" events mark the jobcentre whose chief's address
/// they concern, so the cycle stops mailing it and the secretariat's page shows why, until the contact is
/// fixed. Other events are ignored. With a verification key, the ECDSA signature over timestamp + raw body is
/// checked first, so nobody can block an address by posting a fake bounce.
/// </summary>
public sealed class BounceWebhook(
    JobcentreRepository directory,
    AuditLogRepository audit,
    CycleStarter starter,
    TimeProvider time,
    IOptions<BounceWebhookOptions> options,
    ILogger<BounceWebhook> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    private static readonly HashSet<string> BounceEvents = new(StringComparer.OrdinalIgnoreCase) { "bounce", "dropped", "blocked" };

    public async Task<PageResult> HandleAsync(byte[] body, string? signature, string? timestamp, CancellationToken ct)
    {
        var key = options.Value.VerificationKey;
        if (!string.IsNullOrWhiteSpace(key) && !Verify(key, body, signature, timestamp))
        {
            logger.LogWarning("Refused a SendGrid event post with a missing or invalid signature");
            return PageResult.Text(401, "Ugyldig eller manglende signatur.");
        }

        List<BounceEvent> events;
        try
        {
            events = Parse(body);
        }
        catch (JsonException e)
        {
            return PageResult.Text(400, "Forventede en JSON-liste af hændelser fra SendGrid: " + e.Message);
        }

        var recorded = 0;
        foreach (var e in events)
        {
            recorded += await RecordAsync(e, ct) ? 1 : 0;
        }

        return PageResult.Json(200, JsonSerializer.Serialize(new { received = events.Count, recorded }));
    }

    /// <summary>SendGrid's scheme: ECDSA P-256 / SHA-256 over the timestamp header followed by the raw body; DER signature.</summary>
    public static bool Verify(string publicKeyBase64, byte[] body, string? signatureBase64, string? timestamp)
    {
        if (string.IsNullOrEmpty(signatureBase64) || string.IsNullOrEmpty(timestamp))
        {
            return false;
        }

        using var key = TryImportKey(publicKeyBase64);
        if (key is null)
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        var payload = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        try
        {
            return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal static ECDsa? TryImportKey(string publicKeyBase64)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64.Trim()), out _);
            return key;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private sealed record BounceEvent(string Email, string Event, string Reason, DateTimeOffset At);

    private List<BounceEvent> Parse(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("roden er ikke en liste.");
        }

        var list = new List<BounceEvent>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var name = Text(item, "event");
            var type = Text(item, "type");
            var kind = BounceEvents.Contains(type) ? type : name;
            var email = Text(item, "email");
            if (!BounceEvents.Contains(kind) || email.Length == 0)
            {
                continue;
            }

            var reason = Text(item, "reason");
            if (reason.Length == 0)
            {
                reason = Text(item, "response");
            }

            var at = item.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var unix)
                ? DateTimeOffset.FromUnixTimeSeconds(unix)
                : time.GetUtcNow();
            list.Add(new BounceEvent(email, kind.ToLowerInvariant(), reason.Length > 500 ? reason[..500] : reason, at));
        }

        return list;
    }

    private async Task<bool> RecordAsync(BounceEvent e, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var match = (await directory.ListWithVersionsAsync(ct))
                .FirstOrDefault(j => string.Equals(j.Jobcentre.ChiefEmail, e.Email, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                logger.LogInformation("SendGrid {Event} for an address not in the directory", e.Event);
                return false;
            }

            var j = match.Jobcentre;
            if (j.Bounce is { } b && b.Email == e.Email && b.Event == e.Event && b.At == e.At)
            {
                return false; // SendGrid delivered the same event again.
            }

            try
            {
                await directory.UpdateAsync(j with { Bounce = new MailBounce(e.Email, e.Event, e.Reason, e.At) }, match.Version, ct);
                await audit.AppendAsync(new AuditEntry(starter.YearToPlan(), time.GetUtcNow(), "SendGrid", "Mail afvist", $"{j.Name}: {e.Email} ({e.Event}: {e.Reason})"), ct);
                logger.LogWarning("Recorded SendGrid {Event} for jobcentre {Jobcentre}", e.Event, j.MunicipalityCode);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                // The secretariat edited the contact meanwhile; read again and re-check the address.
            }
        }

        return false;
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    /// <summary>For tests and tools: the timestamp header value for now.</summary>
    public static string TimestampFor(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
