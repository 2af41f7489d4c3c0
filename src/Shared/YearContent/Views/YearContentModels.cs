using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.YearContent.Views;

/// <summary>What the secretariat typed for a new recommendation (kept after a refusal or a conflict).</summary>
public sealed record NewRecommendationInput(string AreaId, string Obligation, string Text);

/// <summary>What the secretariat typed for the schedule (kept after a refusal or a conflict).</summary>
public sealed record ScheduleInput(string Opening, string Deadline, string Reminders);

/// <summary>
/// Everything the page <c>/sekretariat/anbefalinger/{år}</c> shows: the year's recommendations (as stored, or as
/// typed after a refusal or conflict), the schedule, whether each can still change, and a message.
/// </summary>
public sealed record YearContentModel(
    int Year,
    YearCatalogueState Catalogue,
    YearSchedule Schedule,
    bool ScheduleStored,
    FollowUpCycle? Cycle,
    CycleOptions Options,
    PageMessage? Message,
    IReadOnlyList<EditProblem> Problems)
{
    /// <summary>Typed values per recommendation id, shown instead of the stored ones.</summary>
    public IReadOnlyDictionary<string, RecommendationEdit> Entered { get; init; } = new Dictionary<string, RecommendationEdit>();

    public NewRecommendationInput? EnteredAddition { get; init; }

    public ScheduleInput? EnteredSchedule { get; init; }

    /// <summary>The schedule is edited until the cycle opens; after that only the deadline moves (a command on the status page).</summary>
    public bool ScheduleLocked => Cycle is { State: not CycleState.Planned };
}
