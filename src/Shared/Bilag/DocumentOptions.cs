using System.ComponentModel.DataAnnotations;

namespace Fremdrift.Shared.Bilag;

/// <summary>Settings of the document feature (section "Documents").</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>
    /// The secretariat's document page, linked from the "bilag is ready" mail (in Azure the Functions app's
    /// /api/sekretariat/dokumenter behind sign-in; locally the local host's page).
    /// </summary>
    [Required(ErrorMessage = "Documents:SecretariatPageUrl skal sættes (adressen på sekretariatets dokumentside).")]
    [Url(ErrorMessage = "Documents:SecretariatPageUrl skal være en fuld http(s)-adresse.")]
    public string SecretariatPageUrl { get; set; } = "http://127.0.0.1:5080/sekretariat/dokumenter";
}
