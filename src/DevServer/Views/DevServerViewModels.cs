using System.Diagnostics.CodeAnalysis;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Domain;

namespace Fremdrift.DevServer.Views;

/// <summary>The start page: the cycles and the jobcentres' public names.</summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "The model of a Razor view, and Razor makes views public.")]
public sealed record HomeModel(IReadOnlyList<FollowUpCycle> Cycles, IReadOnlyList<Jobcentre> Jobcentres);

/// <summary>The outbox: where the mails lie on disk, and the mails, newest first.</summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "The model of a Razor view, and Razor makes views public.")]
public sealed record OutboxModel(string Folder, IReadOnlyList<OutboxMail> Mails);
