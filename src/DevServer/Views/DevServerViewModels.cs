using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Domain;

namespace Fremdrift.DevServer.Views;

/// <summary>The start page: the cycles and the jobcentres' public names.</summary>
public sealed record HomeModel(IReadOnlyList<FollowUpCycle> Cycles, IReadOnlyList<Jobcentre> Jobcentres);

/// <summary>The outbox: where the mails lie on disk, and the mails, newest first.</summary>
public sealed record OutboxModel(string Folder, IReadOnlyList<OutboxMail> Mails);
