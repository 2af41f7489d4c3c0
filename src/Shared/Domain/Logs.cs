namespace Fremdrift.Shared.Domain;

/// <summary>What became of one mail step for one jobcentre.</summary>
public enum SendStatus
{
    /// <summary>Claimed by a sender; if it stays here the sender died mid-send and a later run may retry.</summary>
    Sending,
    Sent,
    /// <summary>Deliberately not sent (no address, bounced, already submitted, …); <see cref="SendLogEntry.Reason"/> says why.</summary>
    Skipped,
    /// <summary>A transient failure (SendGrid 429/5xx, network) after the in-call retries; a later run tries again, a few times at most.</summary>
    Deferred,
    /// <summary>SendGrid refused it, or kept failing; shown to the secretariat, not retried forever.</summary>
    Failed,
}

/// <summary>
/// One row of the send log: the mail step (e.g. "invitation", "reminder-2") for one jobcentre in one cycle.
/// (year, jobcentre, step) is the idempotency key of every mail the product sends.
/// Municipality code 0 is the secretariat.
/// </summary>
public sealed record SendLogEntry(
    int Year,
    int MunicipalityCode,
    string Step,
    SendStatus Status,
    string? To,
    string? MessageId,
    string? Reason,
    int Attempts,
    DateTimeOffset At,
    string Version = "");

/// <summary>Who did what, when: every secretariat command and every automatic step of consequence.</summary>
public sealed record AuditEntry(int Year, DateTimeOffset At, string Actor, string Action, string Details);
