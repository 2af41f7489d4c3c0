using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Monitoring;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Sends each mail step at most once per (year, jobcentre, step) and records the outcome in the send log; the
/// sender's HTTP client retries transient failures within a send, and a step still failing is deferred to a later run. This is what makes every mail activity idempotent: running the
/// same step twice (a retried activity, a replayed loop, a restarted host) finds the log row and sends nothing.
/// A sender that dies between claiming and recording leaves a "Sending" row; after <see cref="StaleClaim"/>
/// a later run may send again, so a crash in that window can at worst duplicate one mail, never lose it.
/// </summary>
public sealed class MailDispatcher(
    IMailSender sender,
    SendLogRepository sendLog,
    TimeProvider time,
    IOptions<MailOptions> options,
    ILogger<MailDispatcher> logger)
{
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Sends the mail that <paramref name="plan"/> returns, unless the step was already sent or skipped.
    /// <paramref name="plan"/> runs only once the step is claimed, so its checks (already submitted? bounced?)
    /// are made at send time.
    /// </summary>
    public async Task<SendLogEntry> SendOnceAsync(int year, int municipalityCode, string step, Func<CancellationToken, Task<MailPlan>> plan, CancellationToken ct = default)
    {
        var claim = await ClaimAsync(year, municipalityCode, step, ct);
        if (claim.Held is null)
        {
            return claim.Existing!;
        }

        var entry = claim.Held;
        // A mail is stamped with the moment its checks were made (not when the provider answered, which under load
        // can be long after), so the log says what the mail could have known: a submit stamped later was not seen.
        var checkedAt = time.GetUtcNow();
        var decided = await plan(ct);
        if (decided is MailPlan.Skip skip)
        {
            logger.LogInformation("Skipped {Step} for {Jobcentre} in {Year}: {Reason}", step, municipalityCode, year, skip.Reason);
            return await sendLog.UpdateAsync(entry with { Status = SendStatus.Skipped, Reason = skip.Reason, At = time.GetUtcNow() }, ct);
        }

        var message = ((MailPlan.Send)decided).Message;
        var result = await SendAsync(message, ct);
        var now = checkedAt;
        var updated = result switch
        {
            MailSendResult.Sent sent => entry with { Status = SendStatus.Sent, To = message.ToEmail, MessageId = sent.MessageId, Reason = null, At = now },
            MailSendResult.Transient t when entry.Attempts < options.Value.MaxDeferredAttempts =>
                entry with { Status = SendStatus.Deferred, To = message.ToEmail, Reason = $"Midlertidig fejl, prøves igen: {t.Reason}", At = now },
            MailSendResult.Transient t => entry with { Status = SendStatus.Failed, To = message.ToEmail, Reason = $"Opgivet efter {entry.Attempts} forsøg: {t.Reason}", At = now },
            MailSendResult.Permanent p => entry with { Status = SendStatus.Failed, To = message.ToEmail, Reason = p.Reason, At = now },
            _ => throw new InvalidOperationException("Unknown mail result."),
        };
        if (updated.Status == SendStatus.Sent)
        {
            logger.LogInformation("Sent {Step} to {Jobcentre} in {Year} as {MessageId}", step, municipalityCode, year, updated.MessageId);
        }
        else
        {
            logger.LogWarning(AlertEvents.MailStepNotSent, "Mail {Step} to {Jobcentre} in {Year} ended {Status}: {Reason}", step, municipalityCode, year, updated.Status, updated.Reason);
        }

        return await sendLog.UpdateAsync(updated, ct);
    }

    private sealed record Claim(SendLogEntry? Held, SendLogEntry? Existing);

    private async Task<Claim> ClaimAsync(int year, int code, string step, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var existing = await sendLog.GetAsync(year, code, step, ct);
        if (existing is null)
        {
            var claimed = await sendLog.TryClaimAsync(new SendLogEntry(year, code, step, SendStatus.Sending, null, null, null, 1, now), ct);
            return claimed is not null ? new Claim(claimed, null) : new Claim(null, await sendLog.GetAsync(year, code, step, ct));
        }

        var retry = existing.Status switch
        {
            SendStatus.Deferred => true,
            SendStatus.Sending => now - existing.At > StaleClaim,
            _ => false,
        };
        if (!retry)
        {
            return new Claim(null, existing);
        }

        try
        {
            var reclaimed = await sendLog.UpdateAsync(existing with { Status = SendStatus.Sending, Attempts = existing.Attempts + 1, At = now }, ct);
            return new Claim(reclaimed, null);
        }
        catch (ConcurrencyConflictException)
        {
            return new Claim(null, await sendLog.GetAsync(year, code, step, ct));
        }
    }

    /// <summary>One send; a sender that throws on the network (rather than answering transient) counts as transient.</summary>
    private async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken ct)
    {
        try
        {
            return await sender.SendAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            return new MailSendResult.Transient("netværksfejl: " + e.Message);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            return new MailSendResult.Transient("timeout: " + e.Message);
        }
    }
}
