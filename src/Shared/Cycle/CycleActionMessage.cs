using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// A <see cref="CycleAction"/> as a flat record, for crossing a serializer that does not know the action
/// hierarchy (the Durable orchestrator hands actions to activities as JSON). Flat rather than polymorphic JSON
/// because a type discriminator would tie stored orchestration histories to .NET type names; a kind string does not.
/// </summary>
public sealed record CycleActionMessage(string Kind, int Year, int? MunicipalityCode = null, int? Round = null, string? Reason = null, string? Key = null)
{
    public static CycleActionMessage From(CycleAction action) => action switch
    {
        CycleAction.OpenCycle => new(nameof(CycleAction.OpenCycle), action.Year),
        CycleAction.SendInvitation a => new(nameof(CycleAction.SendInvitation), a.Year, a.MunicipalityCode),
        CycleAction.SendReminder a => new(nameof(CycleAction.SendReminder), a.Year, a.MunicipalityCode, a.Round),
        CycleAction.SendDeadlineNotice a => new(nameof(CycleAction.SendDeadlineNotice), a.Year, a.MunicipalityCode, a.Notice),
        CycleAction.SendReopenNotice a => new(nameof(CycleAction.SendReopenNotice), a.Year, a.MunicipalityCode, a.Reopening),
        CycleAction.CloseCycle a => new(nameof(CycleAction.CloseCycle), a.Year, Reason: a.Reason.ToString()),
        CycleAction.BuildFinalBilag => new(nameof(CycleAction.BuildFinalBilag), action.Year),
        CycleAction.NotifySecretariat => new(nameof(CycleAction.NotifySecretariat), action.Year),
        CycleAction.SendMunicipalityForm a => new(nameof(CycleAction.SendMunicipalityForm), a.Year, a.MunicipalityCode),
        CycleAction.SendReceipt a => new(nameof(CycleAction.SendReceipt), a.Year, a.MunicipalityCode, Key: a.SubmissionId),
        _ => throw new ArgumentException($"Unknown cycle action {action.GetType().Name}.", nameof(action)),
    };

    /// <summary>Whether this action mails one jobcentre (such actions can run side by side).</summary>
    public bool IsPerJobcentreMail => Kind is nameof(CycleAction.SendInvitation) or nameof(CycleAction.SendReminder) or nameof(CycleAction.SendMunicipalityForm)
        or nameof(CycleAction.SendDeadlineNotice) or nameof(CycleAction.SendReopenNotice)
        or nameof(CycleAction.SendReceipt);

    public CycleAction ToAction() => Kind switch
    {
        nameof(CycleAction.OpenCycle) => new CycleAction.OpenCycle(Year),
        nameof(CycleAction.SendInvitation) => new CycleAction.SendInvitation(Year, Required(MunicipalityCode)),
        nameof(CycleAction.SendReminder) => new CycleAction.SendReminder(Year, Required(MunicipalityCode), Required(Round)),
        nameof(CycleAction.SendDeadlineNotice) => new CycleAction.SendDeadlineNotice(Year, Required(MunicipalityCode), Required(Round)),
        nameof(CycleAction.SendReopenNotice) => new CycleAction.SendReopenNotice(Year, Required(MunicipalityCode), Required(Round)),
        nameof(CycleAction.CloseCycle) => new CycleAction.CloseCycle(Year, CloseReasonNames.Parse(Reason) ?? CloseReason.Deadline),
        nameof(CycleAction.BuildFinalBilag) => new CycleAction.BuildFinalBilag(Year),
        nameof(CycleAction.NotifySecretariat) => new CycleAction.NotifySecretariat(Year),
        nameof(CycleAction.SendMunicipalityForm) => new CycleAction.SendMunicipalityForm(Year, Required(MunicipalityCode)),
        nameof(CycleAction.SendReceipt) => new CycleAction.SendReceipt(Year, Required(MunicipalityCode), Key ?? throw new ArgumentException($"Cycle action {Kind} for {Year} lacks its submission id.")),
        _ => throw new ArgumentException($"Unknown cycle action kind \"{Kind}\"."),
    };

    private int Required(int? value) =>
        value ?? throw new ArgumentException($"Cycle action {Kind} for {Year} lacks a number it needs.");
}
