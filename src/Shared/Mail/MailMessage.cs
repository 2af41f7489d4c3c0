using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// A mail ready to send: Danish HTML and plain-text bodies, optional attachments. The To name and the subject go
/// into mail headers, so they are made single-line here, whatever the directory or a template holds.
/// </summary>
public sealed record MailMessage(
    string ToEmail,
    string ToName,
    string Subject,
    string HtmlBody,
    string TextBody,
    IReadOnlyList<MailAttachment> Attachments,
    IReadOnlyDictionary<string, string> Tags)
{
    public string ToName { get; init => field = FormText.SingleLine(value); } = FormText.SingleLine(ToName);

    public string Subject { get; init => field = FormText.SingleLine(value); } = FormText.SingleLine(Subject);

    public static MailMessage Create(string toEmail, string toName, string subject, string html, string text) =>
        new(toEmail, toName, subject, html, text, [], new Dictionary<string, string>());
}

/// <summary>A file attached to a mail (e.g. a municipality's own fremdriftsskema).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The outcome of one attempt to hand a mail to the mail service.</summary>
public abstract record MailSendResult
{
    private MailSendResult()
    {
    }

    public sealed record Sent(string? MessageId) : MailSendResult;

    /// <summary>Worth trying again later (429, 5xx, network).</summary>
    public sealed record Transient(string Reason) : MailSendResult;

    /// <summary>Will not succeed by retrying (400, 401, 403, 413, …).</summary>
    public sealed record Permanent(string Reason) : MailSendResult;
}

/// <summary>Hands one mail to the mail service (SendGrid in Azure, a file outbox locally). One attempt, no retries.</summary>
public interface IMailSender
{
    Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>What a caller of <see cref="MailDispatcher"/> wants done, decided when the send is claimed.</summary>
public abstract record MailPlan
{
    private MailPlan()
    {
    }

    public sealed record Send(MailMessage Message) : MailPlan;

    /// <summary>Deliberately not sent; <see cref="Reason"/> is Danish and shown to the secretariat.</summary>
    public sealed record Skip(string Reason) : MailPlan;
}
