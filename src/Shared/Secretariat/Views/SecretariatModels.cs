using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat.Views;

/// <summary>The status page: the year's view and the message of the command just done, if any.</summary>
public sealed record SecretariatStatusModel(SecretariatView View, PageMessage? Message);

/// <summary>The confirmation page of an irreversible command.</summary>
public sealed record CommandConfirmationModel(int Year, SecretariatPage.Confirmation Confirmation);

/// <summary>The contact form; <see cref="Entered"/> keeps what the user typed after a conflict or an error.</summary>
public sealed record ContactFormModel(Jobcentre Stored, string Version, ContactInput? Entered, PageMessage? Message);

/// <summary>The cycle loop's page: the instance and the message of a restart, if any.</summary>
public sealed record CycleInstanceModel(CycleInstanceView Instance, PageMessage? Message);

/// <summary>A year's audit log: who did what, when, newest first.</summary>
public sealed record AuditLogModel(int Year, IReadOnlyList<AuditEntry> Entries);
