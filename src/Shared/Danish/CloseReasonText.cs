using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Danish;

/// <summary>The Danish words for why a cycle was closed (the decider and the stored row say it by type).</summary>
internal static class CloseReasonText
{
    /// <summary>As the secretariat's page and the audit log say it.</summary>
    public static string Audit(CloseReason reason) => reason switch
    {
        CloseReason.Deadline => "Svarfristen er nået.",
        CloseReason.AllSubmitted => "Alle jobcentre har indsendt.",
        _ => "Lukket af sekretariatet.",
    };

    /// <summary>A closed cycle's stored reason in words; an unknown stored text is shown as it is.</summary>
    public static string Of(FollowUpCycle cycle) =>
        cycle.CloseReason is { } reason ? Audit(reason) : cycle.ClosedReason ?? "";
}
