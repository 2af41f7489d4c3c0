using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// One of the secretariat's commands, posted to <c>/sekretariat/kommando/{Name}</c>. A command checks its own input
/// and the cycle's state, does its one change, writes it to the audit log, and says what happened in Danish;
/// <see cref="SecretariatCommands"/> parses the year, asks for confirmation where needed and maps the outcome.
/// </summary>
public interface ISecretariatCommand
{
    /// <summary>The command's name in the route, as the page posts it.</summary>
    string Name { get; }

    Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct);
}

/// <summary>
/// An irreversible command: the page first shows what it will do and to how many, and only the confirmation page's
/// own post (with <see cref="SecretariatPage.ConfirmField"/>) runs it.
/// </summary>
internal interface IConfirmedSecretariatCommand : ISecretariatCommand
{
    /// <summary>Whether the command may be confirmed while the cycle is still planned (closing may; mails may not).</summary>
    bool AllowedWhilePlanned { get; }

    /// <summary>
    /// Why the command cannot be confirmed in the cycle's state (null: it can). By default: an open cycle, or a
    /// planned one if <see cref="AllowedWhilePlanned"/>; start and reopen say otherwise.
    /// </summary>
    string? RefuseState(int year, FollowUpCycle? cycle) =>
        cycle is null || cycle.State == CycleState.Closed || cycle.State != CycleState.Open && !AllowedWhilePlanned
            ? cycle?.State == CycleState.Closed
                ? $"Opfølgningen {year} er allerede lukket."
                : $"Opfølgningen {year} er ikke åben; kommandoen kan ikke bruges nu."
            : null;

    /// <summary>What the confirmation page says, or why the command cannot be confirmed.</summary>
    Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct);
}

/// <summary>What a command did: the year it concerned, an HTTP status (400/409 for a refusal) and the Danish message.</summary>
public sealed record CommandOutcome(int Year, int Status, string Message)
{
    public static CommandOutcome Done(int year, string message) => new(year, 200, message);

    public static CommandOutcome Refused(int year, string message, int status = 400) => new(year, status, message);
}

/// <summary>The confirmation page's content, or the reason (in Danish) why there is nothing to confirm.</summary>
internal sealed record ConfirmationStep(SecretariatPage.Confirmation? Confirmation, string? Refusal)
{
    public static ConfirmationStep Show(SecretariatPage.Confirmation confirmation) => new(confirmation, null);

    public static ConfirmationStep Refuse(string refusal) => new(null, refusal);
}
