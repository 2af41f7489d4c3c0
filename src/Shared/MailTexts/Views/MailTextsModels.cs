using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.MailTexts.Views;

/// <summary>One mail in the editor's list: stored or default, and the send-log entry that locked it, if any.</summary>
public sealed record MailTextRow(MailTextKind Kind, StoredMailText? Stored, SendLogEntry? LockedBy);

/// <summary>The mail-text editor: the year's mails, the chosen one's text as shown or typed, its preview and what is wrong.</summary>
public sealed record MailTextsPageModel(
    int Year,
    IReadOnlyList<MailTextRow> Rows,
    MailTextKind Kind,
    MailText Text,
    string Version,
    SendLogEntry? LockedBy,
    IReadOnlyList<Jobcentre> Jobcentres,
    Jobcentre? PreviewJobcentre,
    RenderedMail? Preview,
    IReadOnlyList<string> Problems,
    PageMessage? Message);
