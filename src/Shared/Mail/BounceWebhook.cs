using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// SendGrid's Event Webhook: "bounce", "dropped" and "blocked" events mark the jobcentre whose chief's address
/// they concern, so the cycle stops mailing it and the secretariat's page shows why, until the contact is
/// fixed. Other events are ignored. The ECDSA signature over timestamp + raw body is checked first, so nobody can
/// block an address by posting a fake bounce, and the signed timestamp must be recent, so a captured post cannot
/// be replayed later. Each event id is acted on once. The directory is read once per post.
/// </summary>
public sealed class BounceWebhook(
    JobcentreRepository directory,
    WebhookEventRepository processed,
    JobcentreBounceMarker marker,
    TimeProvider time,
    HostingPlace place,
    IOptions<BounceWebhookOptions> options,
    ILogger<BounceWebhook> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>
    /// How far the signed timestamp may be from our clock. SendGrid signs each delivery (and each retry) when it
    /// sends it, so a genuine post is seconds old; ten minutes absorbs clock skew and slow delivery, while a post
    /// captured and replayed later is refused.
    /// </summary>
    public static readonly TimeSpan SignedTimestampTolerance = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Events older than this are ignored. SendGrid retries a failed delivery for up to 24 hours; three days leave
    /// room for that and a weekend, while an older bounce says nothing reliable about the address today (the
    /// secretariat may have fixed it since) and must not block the chief again.
    /// </summary>
    public static readonly TimeSpan EventMaxAge = TimeSpan.FromDays(3);

    /// <summary>Largest accepted post: SendGrid batches events, and a few thousand stay far below 4 MB.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly HashSet<string> BounceEvents = new(StringComparer.OrdinalIgnoreCase) { "bounce", "dropped", "blocked" };

    /// <summary>The refusal when no key is set where one is required; null when posts may be handled.</summary>
    public string? ConfigurationProblem =>
        !string.IsNullOrWhiteSpace(options.Value.VerificationKey) ? null
        : place.IsAzure ? "BounceWebhook__VerificationKey er ikke sat; i Azure afvises alle hændelser fra SendGrid, indtil nøglen er sat."
        : options.Value.AllowUnsigned ? null
        : "BounceWebhook__VerificationKey er ikke sat (og BounceWebhook__AllowUnsigned er ikke slået til lokalt); hændelser fra SendGrid afvises.";

    /// <summary>
    /// A post as both hosts receive it: the raw body (the signature is over its bytes) cut off above
    /// <see cref="MaxBodyBytes"/> before anything parses it, with a Danish 413, then handled as below.
    /// </summary>
    public async Task<PageResult> HandleAsync(HttpRequest request, CancellationToken ct) =>
        await request.ReadBodyAsync(MaxBodyBytes, ct) is { } body
            ? await HandleAsync(body, request.Headers[SignatureHeader], request.Headers[TimestampHeader], ct)
            : PageResult.Text(413, $"Forespørgslen er for stor: højst {MaxBodyBytes / (1024 * 1024)} MB hændelser pr. kald.");

    public async Task<PageResult> HandleAsync(byte[] body, string? signature, string? timestamp, CancellationToken ct)
    {
        if (ConfigurationProblem is { } problem)
        {
            logger.LogError("Refused a SendGrid event post: {Problem}", problem);
            return PageResult.Text(503, problem);
        }

        var now = time.GetUtcNow();
        var key = options.Value.VerificationKey;
        if (!string.IsNullOrWhiteSpace(key))
        {
            if (!Verify(key, body, signature, timestamp))
            {
                logger.LogWarning("Refused a SendGrid event post with a missing or invalid signature");
                return PageResult.Text(401, "Ugyldig eller manglende signatur.");
            }

            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var signedAt)
                || signedAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                || (DateTimeOffset.FromUnixTimeSeconds(signedAt) - now).Duration() > SignedTimestampTolerance)
            {
                logger.LogWarning("Refused a signed SendGrid event post whose timestamp {Timestamp} is outside the window", timestamp);
                return PageResult.Text(401, "Signaturens tidsstempel er for gammelt eller ligger i fremtiden.");
            }
        }

        ParsedBatch batch;
        try
        {
            batch = Parse(body, now);
        }
        catch (JsonException e)
        {
            return PageResult.Text(400, "Forventede en JSON-liste af hændelser fra SendGrid: " + e.Message);
        }

        if (batch.Skipped > 0)
        {
            logger.LogWarning("Skipped {Count} malformed SendGrid events", batch.Skipped);
        }

        var recorded = 0;
        var duplicates = 0;
        if (batch.Bounces.Count > 0)
        {
            var byEmail = (await directory.ListWithVersionsAsync(ct))
                .GroupBy(j => j.Jobcentre.ChiefEmail, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var matched = new List<(StoredJobcentre Entry, BounceEvent Event)>();
            foreach (var e in batch.Bounces)
            {
                if (byEmail.TryGetValue(e.Email, out var entry))
                {
                    matched.Add((entry, e));
                }
            }

            if (matched.Count < batch.Bounces.Count)
            {
                logger.LogInformation("{Count} SendGrid bounce events concern addresses not in the directory", batch.Bounces.Count - matched.Count);
            }

            // One query for the ids already processed, then the jobcentres concerned side by side: a large batch
            // costs a few round trips per jobcentre, never one per event.
            var seenByJobcentre = await processed.ProcessedAsync(ct);
            await Parallel.ForEachAsync(
                matched.GroupBy(m => m.Entry.Jobcentre.MunicipalityCode),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (group, token) =>
                {
                    var code = group.Key;
                    var seen = seenByJobcentre.TryGetValue(code, out var known) ? new HashSet<string>(known, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
                    var fresh = group.Select(m => m.Event).Where(e => seen.Add(e.Key)).ToList();
                    Interlocked.Add(ref duplicates, group.Count() - fresh.Count);
                    if (fresh.Count == 0)
                    {
                        return;
                    }

                    if (await RecordAsync(group.First().Entry, fresh.MaxBy(e => e.At)!, token))
                    {
                        Interlocked.Increment(ref recorded);
                    }

                    await processed.MarkProcessedAsync(code, fresh.Select(e => e.Key), now, token);
                });
        }

        return PageResult.Json(200, JsonSerializer.Serialize(new
        {
            received = batch.Received,
            recorded,
            skipped = batch.Skipped,
            tooOld = batch.TooOld,
            duplicates,
        }));
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

    // Key: the row key of the event's id (WebhookEventRepository.Key).
    private sealed record BounceEvent(string Email, string Event, string Reason, DateTimeOffset At, string Key);

    private sealed record ParsedBatch(int Received, IReadOnlyList<BounceEvent> Bounces, int Skipped, int TooOld);

    /// <summary>
    /// Reads the batch; an event that is not what SendGrid sends (not an object, a timestamp that is not a Unix
    /// time in range) is skipped and counted, and the rest of the batch is still handled.
    /// </summary>
    private static ParsedBatch Parse(byte[] body, DateTimeOffset now)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("roden er ikke en liste.");
        }

        var list = new List<BounceEvent>();
        int received = 0, skipped = 0, tooOld = 0;
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            received++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                skipped++;
                continue;
            }

            var name = Text(item, "event");
            var type = Text(item, "type");
            var kind = BounceEvents.Contains(type) ? type : name;
            var email = Text(item, "email").Trim();
            if (!BounceEvents.Contains(kind))
            {
                continue;
            }

            if (email.Length == 0
                || !item.TryGetProperty("timestamp", out var ts) || ts.ValueKind != JsonValueKind.Number
                || !ts.TryGetInt64(out var unix) || unix < 0 || unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                skipped++;
                continue;
            }

            var at = DateTimeOffset.FromUnixTimeSeconds(unix);
            if (now - at > EventMaxAge || at - now > SignedTimestampTolerance)
            {
                tooOld++;
                continue;
            }

            var reason = Text(item, "reason");
            if (reason.Length == 0)
            {
                reason = Text(item, "response");
            }

            // Shown on the secretariat's page and in the audit log: one line of text, whatever SendGrid relays.
            reason = FormText.SingleLine(reason);

            // Without an sg_event_id, the event's own content identifies it: the same bounce delivered twice is one.
            var id = Text(item, "sg_event_id");
            var eventKey = WebhookEventRepository.Key(id.Length > 0 ? id : $"{email.ToLowerInvariant()}|{kind.ToLowerInvariant()}|{unix}|{reason}");
            list.Add(new BounceEvent(email, kind.ToLowerInvariant(), reason.Length > 500 ? reason[..500] : reason, at, eventKey));
        }

        return new ParsedBatch(received, list, skipped, tooOld);
    }

    private Task<bool> RecordAsync(StoredJobcentre entry, BounceEvent e, CancellationToken ct) =>
        marker.MarkAsync(entry, new MailBounce(e.Email, e.Event, e.Reason, e.At), "SendGrid", ct);

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
