using System.ComponentModel.DataAnnotations;

namespace Fremdrift.Shared.Mail;

/// <summary>Mail settings (section "Mail"). The SendGrid key comes from Key Vault in Azure, never from the repo.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// "SendGrid", "Graph" (the secretariat's own Microsoft 365 mailbox, <see cref="GraphMailbox"/>, with the app's
    /// identity) or "Outbox" (local file outbox; the local host's default).
    /// </summary>
    [RegularExpression("^(SendGrid|Graph|Outbox)$", ErrorMessage = "Mail:Provider skal være SendGrid, Graph eller Outbox.")]
    public string Provider { get; set; } = "SendGrid";

    public string? SendGridApiKey { get; set; }

    /// <summary>Override of SendGrid's API host, e.g. a local mock in tests. Empty: SendGrid's own.</summary>
    public string? SendGridHost { get; set; }

    /// <summary>Mail:Provider=Graph: the mailbox every mail is sent as (a shared mailbox of the secretariat's), and whose inbox is read for bounces.</summary>
    [EmailAddress(ErrorMessage = "Mail:GraphMailbox skal være en mailadresse (postkassen, der sendes fra).")]
    public string? GraphMailbox { get; set; }

    /// <summary>Microsoft Graph's root; tests point it at a local stand-in. Requests go to {GraphBaseUrl}/v1.0/….</summary>
    [Url(ErrorMessage = "Mail:GraphBaseUrl skal være en http(s)-adresse.")]
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com";

    /// <summary>
    /// When the bounce timer reads the Graph mailbox's inbox for non-delivery reports (NCRONTAB, like
    /// Cycle:TimerSchedule; the Functions host resolves it from the app settings).
    /// </summary>
    public string GraphBounceSchedule { get; set; } = "0 */15 * * * *";

    [Required(ErrorMessage = "Mail:FromEmail skal sættes (afsenderadressen, verificeret i SendGrid).")]
    [EmailAddress]
    public string FromEmail { get; set; } = "fremdrift@kkr-hovedstaden.example";

    public string FromName { get; set; } = "KKR Hovedstadens sekretariat";

    /// <summary>Where the secretariat is notified (bilag ready, failures).</summary>
    [EmailAddress]
    public string SecretariatEmail { get; set; } = "sekretariat@kkr-hovedstaden.example";

    /// <summary>Shown in every mail and on the "closed" page.</summary>
    public string SecretariatContact { get; set; } = "KKR Hovedstadens sekretariat, sekretariat@kkr-hovedstaden.example";

    /// <summary>
    /// Attempts within one send when SendGrid answers 408/429/5xx or cannot be reached (the HTTP client's standard
    /// resilience handler retries; a later run of the step retries a deferred mail again).
    /// </summary>
    [Range(1, 10)]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>First backoff between attempts; grows exponentially (with jitter) per attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Mail:RetryDelay skal ligge mellem 0 og 5 minutter.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take before it counts as a timeout (a mail with the bilag attached is a few MB).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Mail:AttemptTimeout skal ligge mellem 1 sekund og 5 minutter.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Total attempts across runs before a transient failure is given up and shown as failed.</summary>
    [Range(1, 50)]
    public int MaxDeferredAttempts { get; set; } = 5;

    /// <summary>
    /// How old a "Sending" claim must be before another run may take it over (its sender died between claiming and
    /// recording). Follows the Durable engine's redelivery of an activity whose worker died (the Azure Storage
    /// provider's work-item visibility timeout, 5 minutes by default): the redelivered activity finds the claim stale
    /// and sends. Must exceed <see cref="LongestSend"/>, so a slow sender that is still alive is never overtaken.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Mail:StaleClaimAfter skal ligge mellem 5 sekunder og 1 time.")]
    public TimeSpan StaleClaimAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest one send can take with its retries: the resilience handler's total timeout.</summary>
    public TimeSpan LongestSend => AttemptTimeout * (RetryAttempts + 1) + RetryDelay * Math.Pow(2, RetryAttempts);
}
