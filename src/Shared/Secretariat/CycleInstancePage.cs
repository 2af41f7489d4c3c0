using Fremdrift.Shared.Secretariat.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The year's cycle loop as the host runs it (in Azure: the Durable orchestration instance), in host-neutral
/// terms: <see cref="Status"/> is already Danish, null when no instance exists.
/// </summary>
public sealed record CycleInstanceView(
    int Year,
    string InstanceId,
    string? Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdatedAt,
    string? Activity,
    string? Failure)
{
    /// <summary>Whether the instance is running (or about to run, or paused); false when none exists or it has ended.</summary>
    public bool Running { get; init; }
}

/// <summary>
/// A small page for the secretariat and IT staff: is the year's cycle loop running, what is it doing, and a button
/// that restarts it (stop it if it runs, start it afresh; all state is in storage, so nothing is lost).
/// </summary>
internal static class CycleInstancePage
{
    public static string Render(CycleInstanceView v, string? message, bool isError) =>
        HtmlViewRenderer.Render<CycleInstance, CycleInstanceModel>(new(v, PageMessage.From(message, isError)));
}
