using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Marks a jobcentre's chief address as bounced (SendGrid's event webhook, or a non-delivery report in the Graph
/// mailbox): the cycle stops mailing it and the secretariat's page shows why, until the contact is fixed. Audited.
/// </summary>
public sealed class JobcentreBounceMarker(JobcentreRepository directory, AuditLogRepository audit, CycleStarter starter, TimeProvider time, ILogger<JobcentreBounceMarker> logger)
{
    /// <summary>
    /// Marks <paramref name="entry"/> bounced for <paramref name="bounce"/>, unless the address changed meanwhile (the
    /// bounce concerns the old one) or the jobcentre already carries this or a later bounce. True when marked.
    /// </summary>
    public async Task<bool> MarkAsync(StoredJobcentre entry, MailBounce bounce, string actor, CancellationToken ct)
    {
        var current = entry;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var j = current.Jobcentre;
            if (!string.Equals(j.ChiefEmail, bounce.Email, StringComparison.OrdinalIgnoreCase))
            {
                return false; // The secretariat changed the address meanwhile: the bounce concerns the old one.
            }

            if (j.Bounce is { } b && b.At >= bounce.At)
            {
                return false; // Already marked by this event or a later one.
            }

            try
            {
                await directory.UpdateAsync(j with { Bounce = bounce }, current.Version, ct);
                await audit.AppendAsync(new AuditEntry(starter.YearToPlan(), time.GetUtcNow(), actor, "Mail afvist", $"{j.Name}: {bounce.Email} ({bounce.Event}: {bounce.Reason})"), ct);
                logger.LogWarning("Recorded {Event} from {Source} for jobcentre {Jobcentre}", bounce.Event, actor, j.MunicipalityCode);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                // The secretariat edited the contact meanwhile; read again and re-check the address.
                current = await directory.GetAsync(j.MunicipalityCode, ct);
                if (current is null)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
