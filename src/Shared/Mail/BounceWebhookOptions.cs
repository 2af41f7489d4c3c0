using System.ComponentModel.DataAnnotations;

namespace Fremdrift.Shared.Mail;

/// <summary>SendGrid Event Webhook settings (section "BounceWebhook").</summary>
public sealed class BounceWebhookOptions : IValidatableObject
{
    public const string Section = "BounceWebhook";

    /// <summary>
    /// SendGrid's "Signed Event Webhook" verification key (base64 DER ECDSA P-256 public key). Required wherever
    /// the app runs in Azure: without it every post is refused (and the app says so at start).
    /// </summary>
    public string? VerificationKey { get; set; }

    /// <summary>
    /// Local use only: accept unsigned posts when no key is set (the local host and local tests). Ignored in
    /// Azure, where a key is always required.
    /// </summary>
    public bool AllowUnsigned { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(VerificationKey) && BounceWebhook.TryImportKey(VerificationKey) is null)
        {
            yield return new ValidationResult("BounceWebhook:VerificationKey er ikke en gyldig ECDSA P-256 offentlig nøgle (base64, DER) fra SendGrid.", [nameof(VerificationKey)]);
        }
    }
}
