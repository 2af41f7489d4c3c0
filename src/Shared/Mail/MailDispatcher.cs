using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Monitoring;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// Sends each mail step of (year, jobcentre, step) through a claim in the send log, and records the outcome there.
/// Running the same step again (a retried activity, a replayed loop, a restarted host) finds the row and sends
/// nothing. What a crash can cause, and nothing stronger: a sender that dies after the provider accepted the mail
/// and before the row says "Sent" leaves a "Sending" claim. After <see cref="MailOptions.StaleClaimAfter"/> a later
/// run settles it by evidence where there is some (the chief has since opened, saved or submitted: it arrived) and
/// otherwise sends again. So a mail in flight at a crash may arrive twice (one per mail in flight: mails go side
/// by side), and no mail is lost. On a graceful stop the sends in flight finish and are recorded
/// (<see cref="MailSendsInFlight"/>), so nothing goes twice. Once claimed, a send is not cancelled by the caller:
/// a send cut off halfway is exactly the case that may go twice.
/// </summary>
public sealed class MailDispatcher(
    IMailSender sender,
    SendLogRepository sendLog,
    TimeProvider time,
    IOptions<MailOptions> options,
    ILogger<MailDispatcher> logger,
    MailSendsInFlight? inFlight = null)
{
    // DI passes the host's one tracker (drained on stop); a dispatcher built by hand tracks its own sends.
    private readonly MailSendsInFlight _inFlight = inFlight ?? new MailSendsInFlight();

    /// <summary>
    /// Sends the mail that <paramref name="plan"/> returns, unless the step was already sent or skipped; a stale claim
    /// (no evidence of arrival can be asked for) is sent again.
    /// </summary>
    public Task<SendLogEntry> SendOnceAsync(int year, int municipalityCode, string step, Func<CancellationToken, Task<MailPlan>> plan, CancellationToken ct = default) =>
        SendOnceWithEvidenceAsync(year, municipalityCode, step, plan, null, ct);

    /// <summary>
    /// Sends the mail that <paramref name="plan"/> returns, unless the step was already sent or skipped.
    /// <paramref name="plan"/> runs only once the step is claimed, so its checks (already submitted? bounced?)
    /// are made at send time. <paramref name="arrivedSince"/>, if given, is asked about a stale claim: a Danish
    /// reason if there is evidence that the mail of that claim (made at the given time) arrived, else null.
    /// </summary>
    public async Task<SendLogEntry> SendOnceWithEvidenceAsync(
        int year,
        int municipalityCode,
        string step,
        Func<CancellationToken, Task<MailPlan>> plan,
        Func<DateTimeOffset, CancellationToken, Task<string?>>? arrivedSince,
        CancellationToken ct = default)
    {
        using var slot = _inFlight.Enter();
        var claim = await ClaimAsync(year, municipalityCode, step, arrivedSince, ct);
        if (claim.Held is null)
        {
            return claim.Existing!;
        }

        // From here on the step is ours: the provider call and the record run to the end whatever the caller's
        // token says, so a stop never leaves a mail half-sent and unrecorded.
        var entry = claim.Held;

        // A mail is stamped with the moment its checks were made (not when the provider answered, which under load
        // can be long after), so the log says what the mail could have known: a submit stamped later was not seen.
        var checkedAt = time.GetUtcNow();
        MailPlan decided;
        try
        {
            decided = await plan(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing was sent: give the claim back as deferred, so the next run tries again without waiting for it to go stale.
            await RecordAsync(entry with { Status = SendStatus.Deferred, Reason = "Kunne ikke forberede mailen; prøves igen: " + e.Message, At = time.GetUtcNow() });
            throw;
        }

        if (decided is MailPlan.Skip skip)
        {
            logger.LogInformation("Skipped {Step} for {Jobcentre} in {Year}: {Reason}", step, municipalityCode, year, skip.Reason);
            return await RecordAsync(entry with { Status = SendStatus.Skipped, Reason = skip.Reason, At = time.GetUtcNow() });
        }

        var message = ((MailPlan.Send)decided).Message;
        var result = await SendAsync(message);
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

        return await RecordAsync(updated);
    }

    /// <summary>
    /// Writes the outcome, retrying a storage outage for about as long as a send may take: an accepted mail whose
    /// row stays "Sending" is the one that may go twice. A conflict means someone else took the claim over meanwhile
    /// (it went stale); theirs stands.
    /// </summary>
    private async Task<SendLogEntry> RecordAsync(SendLogEntry entry)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var giveUpAt = TimeProvider.System.GetTimestamp() + (long)(options.Value.LongestSend.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            try
            {
                return await sendLog.UpdateAsync(entry, CancellationToken.None);
            }
            catch (StorageUnavailableException e) when (TimeProvider.System.GetTimestamp() < giveUpAt)
            {
                logger.LogWarning("Mail {Step} to {Jobcentre} in {Year} ended {Status} but could not be recorded yet ({Error}); trying again", entry.Step, entry.MunicipalityCode, entry.Year, entry.Status, e.Message);

                // Real time: an accelerated demo clock must not turn this wait into nothing.
                await Task.Delay(delay, TimeProvider.System, CancellationToken.None);
                delay = delay * 2 > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : delay * 2;
            }
            catch (ConcurrencyConflictException)
            {
                return await sendLog.GetAsync(entry.Year, entry.MunicipalityCode, entry.Step, CancellationToken.None) ?? entry;
            }
        }
    }

    private sealed record Claim(SendLogEntry? Held, SendLogEntry? Existing);

    private async Task<Claim> ClaimAsync(int year, int code, string step, Func<DateTimeOffset, CancellationToken, Task<string?>>? arrivedSince, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var existing = await sendLog.GetAsync(year, code, step, ct);
        if (existing is null)
        {
            _inFlight.ThrowIfStopping();
            var claimed = await sendLog.TryClaimAsync(new SendLogEntry(year, code, step, SendStatus.Sending, null, null, null, 1, now), ct);
            return claimed is not null ? new Claim(claimed, null) : new Claim(null, await sendLog.GetAsync(year, code, step, ct));
        }

        var retry = existing.Status switch
        {
            SendStatus.Deferred => true,
            SendStatus.Sending => now - existing.At > options.Value.StaleClaimAfter,
            _ => false,
        };
        if (!retry)
        {
            return new Claim(null, existing);
        }

        _inFlight.ThrowIfStopping();
        try
        {
            if (existing.Status == SendStatus.Sending && arrivedSince is not null && await arrivedSince(existing.At, ct) is { } evidence)
            {
                // Its sender died after sending; the chief's own actions since show that the mail arrived.
                logger.LogInformation("Stale claim of {Step} to {Jobcentre} in {Year} settled as sent: {Evidence}", step, code, year, evidence);
                var settled = await sendLog.UpdateAsync(existing with { Status = SendStatus.Sent, Reason = evidence }, ct);
                return new Claim(null, settled);
            }

            var reclaimed = await sendLog.UpdateAsync(existing with { Status = SendStatus.Sending, Attempts = existing.Attempts + 1, At = now }, ct);
            if (existing.Status == SendStatus.Sending)
            {
                logger.LogWarning("Stale claim of {Step} to {Jobcentre} in {Year} (from {At}) taken over; the mail is sent again and may arrive twice", step, code, year, existing.At);
            }

            return new Claim(reclaimed, null);
        }
        catch (ConcurrencyConflictException)
        {
            return new Claim(null, await sendLog.GetAsync(year, code, step, ct));
        }
    }

    /// <summary>One send; a sender that throws on the network (rather than answering transient) counts as transient.</summary>
    private async Task<MailSendResult> SendAsync(MailMessage message)
    {
        try
        {
            return await sender.SendAsync(message, CancellationToken.None);
        }
        catch (HttpRequestException e)
        {
            return new MailSendResult.Transient("netværksfejl: " + e.Message);
        }
        catch (TaskCanceledException e)
        {
            return new MailSendResult.Transient("timeout: " + e.Message);
        }
        catch (TimeoutException e)
        {
            return new MailSendResult.Transient("timeout: " + e.Message);
        }
    }
}
