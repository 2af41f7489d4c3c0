using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>The mails that follow a closed cycle; idempotent per (year, jobcentre, step) through the send log.</summary>
public interface IDocumentMailer
{
    /// <summary>Step "bilag-ready" to the secretariat (code 0): the final bilag is ready, and where to fetch it.</summary>
    Task<SendLogEntry> NotifySecretariatAsync(int year, CancellationToken cancellationToken);

    /// <summary>Step "own-form": the municipality's own fremdriftsskema (DOCX) to its chief, for its kommunalbestyrelse.</summary>
    Task<SendLogEntry> SendMunicipalityFormAsync(int year, int municipalityCode, CancellationToken cancellationToken);
}
