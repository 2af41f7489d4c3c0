using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Catalogue;

/// <summary>What the secretariat typed for one recommendation (raw, as the form sent it).</summary>
public sealed record RecommendationEdit(string Id, string AreaId, string Obligation, string Text, string Order, bool Retire);

/// <summary>One problem with an edit: the form field it belongs to (for the link in the error list) and the Danish message.</summary>
public sealed record EditProblem(string FieldId, string Message);

/// <summary>One change made, for the audit log (one entry per change).</summary>
internal sealed record CatalogueChange(string Action, string Details);

/// <summary>The outcome of an edit: the new draft and its changes, or the problems (nothing changed).</summary>
internal abstract record CatalogueEditOutcome
{
    private CatalogueEditOutcome()
    {
    }

    public sealed record Applied(CatalogueDraft Draft, IReadOnlyList<CatalogueChange> Changes) : CatalogueEditOutcome;

    public sealed record Refused(IReadOnlyList<EditProblem> Problems) : CatalogueEditOutcome;
}

/// <summary>
/// The rules of editing a year's recommendations, pure so they are tested without storage: texts, areas, SKAL/KAN
/// and order are edited; a new recommendation gets its area's letter and the next number never used (a retired id,
/// or one asked in an earlier year, is never given to a new text); a retired recommendation stays in the draft.
/// </summary>
internal static class CatalogueEditing
{
    public const int MaxTextLength = 2000;

    /// <summary>Recommendations a draft may hold, retired ones included: the draft is written in one table transaction (100 rows, one is the meta row).</summary>
    public const int MaxRecommendations = 99;

    public static CatalogueEditOutcome Edit(CatalogueDraft draft, IReadOnlyList<RecommendationEdit> edits)
    {
        var active = draft.Active.ToList();
        if (edits.Count != active.Count || !edits.Select(e => e.Id).ToHashSet(StringComparer.Ordinal).SetEquals(active.Select(r => r.Id)))
        {
            return Refuse("", "Formularen passer ikke til de gemte anbefalinger (siden kan være ændret undervejs). Intet er gemt; hent siden igen.");
        }

        var problems = new List<EditProblem>();
        var edited = new List<(DraftRecommendation Rec, int Order, int Index)>();
        for (var i = 0; i < active.Count; i++)
        {
            var before = active[i];
            var edit = edits.First(e => e.Id == before.Id);
            var text = CheckText(edit.Text, "tekst-" + before.Id, $"Anbefaling {before.Id}", problems);
            var area = CheckArea(draft, edit.AreaId, "omraade-" + before.Id, $"Anbefaling {before.Id}", problems);
            var obligation = CheckObligation(edit.Obligation, "type-" + before.Id + "-skal", $"Anbefaling {before.Id}", problems);
            if (!int.TryParse(edit.Order.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var order) || order is < 1 or > 999)
            {
                problems.Add(new("nr-" + before.Id, $"Anbefaling {before.Id}: rækkefølgen skal være et helt tal fra 1 til 999."));
            }

            if (text is not null && area is not null && obligation is { } o)
            {
                edited.Add((before with { Text = text, AreaId = area, Obligation = o, Retired = edit.Retire }, order, i));
            }
        }

        if (problems.Count == 0 && edited.All(e => e.Rec.Retired))
        {
            problems.Add(new("", "Mindst én anbefaling skal blive stående; ellers har skemaet intet at spørge om."));
        }

        if (problems.Count > 0)
        {
            return new CatalogueEditOutcome.Refused(problems);
        }

        var reordered = Ordered(draft.Areas, edited.Where(e => !e.Rec.Retired).Select(e => (e.Rec, e.Order, e.Index)));
        var next = draft with
        {
            Recommendations = [.. reordered, .. draft.RetiredOnes, .. edited.Where(e => e.Rec.Retired).Select(e => e.Rec)],
        };
        return new CatalogueEditOutcome.Applied(next, Changes(draft, next));
    }

    /// <summary>Adds a recommendation at the end of its area with the next free id of that area.</summary>
    public static CatalogueEditOutcome Add(CatalogueDraft draft, string areaId, string obligation, string text, IEnumerable<string> idsUsedInEarlierYears)
    {
        var problems = new List<EditProblem>();
        var cleanText = CheckText(text, "ny-tekst", "Den nye anbefaling", problems);
        var area = CheckArea(draft, areaId, "ny-omraade", "Den nye anbefaling", problems);
        var o = CheckObligation(obligation, "ny-type-skal", "Den nye anbefaling", problems);
        if (draft.Recommendations.Count >= MaxRecommendations)
        {
            problems.Add(new("ny-tekst", $"Der kan højst være {MaxRecommendations} anbefalinger i et år (udgåede medregnet)."));
        }

        if (problems.Count > 0 || cleanText is null || area is null || o is not { } ob)
        {
            return new CatalogueEditOutcome.Refused(problems);
        }

        var id = NextId(area, draft.Recommendations.Select(r => r.Id).Concat(idsUsedInEarlierYears));
        var added = new DraftRecommendation(id, area, ob, cleanText, false);
        var active = draft.Active.ToList();
        var lastOfArea = active.FindLastIndex(r => r.AreaId == area);
        active.Insert(lastOfArea < 0 ? AreaInsertIndex(draft, active, area) : lastOfArea + 1, added);
        var next = draft with { Recommendations = [.. active, .. draft.RetiredOnes] };
        return new CatalogueEditOutcome.Applied(next, Changes(draft, next));
    }

    /// <summary>
    /// Replaces the draft's recommendations with an imported catalogue (the JSON export, edited): recommendations
    /// missing from the file retire; an id that is retired (now or in an earlier year) cannot come back with a file.
    /// </summary>
    public static CatalogueEditOutcome Import(CatalogueDraft draft, Domain.Catalogue imported, IEnumerable<string> idsUsedInEarlierYears)
    {
        var problems = new List<EditProblem>();
        var activeIds = draft.Active.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var earlier = idsUsedInEarlierYears.ToHashSet(StringComparer.Ordinal);
        foreach (var r in imported.AllRecommendations)
        {
            if (!activeIds.Contains(r.Id) && (earlier.Contains(r.Id) || draft.Recommendations.Any(d => d.Id == r.Id)))
            {
                problems.Add(new("fil", $"Id'et {r.Id} er udgået og kan ikke gives til en tekst igen. Giv anbefalingen et nyt id (eller tilføj den på siden, så får den et)."));
            }

            if (r.Text.Length > MaxTextLength)
            {
                problems.Add(new("fil", $"Anbefaling {r.Id}: teksten er for lang (højst {MaxTextLength} tegn)."));
            }
        }

        var retiring = draft.Active.Where(d => imported.Find(d.Id) is null).ToList();
        if (imported.AllRecommendations.Count() + draft.RetiredOnes.Count() + retiring.Count > MaxRecommendations)
        {
            problems.Add(new("fil", $"Der kan højst være {MaxRecommendations} anbefalinger i et år (udgåede medregnet)."));
        }

        if (problems.Count > 0)
        {
            return new CatalogueEditOutcome.Refused(problems);
        }

        var areas = imported.Areas.Select(a => new DraftArea(a.Id, a.Title, a.Intro))
            .Concat(draft.Areas.Where(a => imported.Areas.All(i => i.Id != a.Id)))
            .ToList();
        var next = draft with
        {
            Title = imported.Title,
            Areas = areas,
            Recommendations =
            [
                .. imported.AllRecommendations.Select(r => new DraftRecommendation(r.Id, r.AreaId, r.Obligation, Clean(r.Text), false)),
                .. draft.RetiredOnes,
                .. retiring.Select(r => r with { Retired = true }),
            ],
        };
        return new CatalogueEditOutcome.Applied(next, Changes(draft, next));
    }

    /// <summary>The area's id followed by one more than the highest number any id of that area has had.</summary>
    public static string NextId(string areaId, IEnumerable<string> usedIds)
    {
        var highest = 0;
        foreach (var id in usedIds)
        {
            if (id.Length > areaId.Length && id.StartsWith(areaId, StringComparison.Ordinal)
                && int.TryParse(id.AsSpan(areaId.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                highest = Math.Max(highest, n);
            }
        }

        return areaId + (highest + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One audit line per recommendation that was added, retired or changed (text, area, SKAL/KAN, place).</summary>
    public static IReadOnlyList<CatalogueChange> Changes(CatalogueDraft before, CatalogueDraft after)
    {
        var changes = new List<CatalogueChange>();
        var beforeActive = before.Active.ToList();
        var afterActive = after.Active.ToList();
        foreach (var r in after.Recommendations)
        {
            var old = before.Recommendations.FirstOrDefault(b => b.Id == r.Id);
            if (old is null)
            {
                changes.Add(new($"Tilføjede anbefaling {r.Id}", $"{Word(r.Obligation)} i område {r.AreaId}: {r.Text}"));
                continue;
            }

            if (r.Retired && !old.Retired)
            {
                changes.Add(new($"Lod anbefaling {r.Id} udgå", old.Text));
                continue;
            }

            if (r.Retired)
            {
                continue;
            }

            var what = new List<string>();
            if (old.Text != r.Text)
            {
                what.Add($"tekst: \"{old.Text}\" → \"{r.Text}\"");
            }

            if (old.AreaId != r.AreaId)
            {
                what.Add($"område: {old.AreaId} → {r.AreaId}");
            }

            if (old.Obligation != r.Obligation)
            {
                what.Add($"{Word(old.Obligation)} → {Word(r.Obligation)}");
            }

            var oldPlace = beforeActive.FindIndex(b => b.Id == r.Id) + 1;
            var newPlace = afterActive.FindIndex(b => b.Id == r.Id) + 1;
            if (oldPlace != newPlace && what.Count == 0 && Moved(beforeActive, afterActive, r.Id))
            {
                what.Add($"flyttet fra nr. {oldPlace} til nr. {newPlace} i skemaet");
            }

            if (what.Count > 0)
            {
                changes.Add(new($"Ændrede anbefaling {r.Id}", string.Join("; ", what)));
            }
        }

        return changes;
    }

    public static string Word(Obligation o) => o == Obligation.Skal ? "SKAL" : "KAN";

    /// <summary>Trimmed, every run of whitespace (line breaks too) one space: the form shows the text as one paragraph.</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in FormText.RemoveControlCharacters(text).Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // Only the recommendation whose neighbours changed counts as moved, not every one that shifted because of it.
    private static bool Moved(List<DraftRecommendation> before, List<DraftRecommendation> after, string id)
    {
        static (string?, string?) Neighbours(List<DraftRecommendation> list, string id)
        {
            var i = list.FindIndex(r => r.Id == id);
            return (i > 0 ? list[i - 1].Id : null, i + 1 < list.Count ? list[i + 1].Id : null);
        }

        var (b1, b2) = Neighbours(before, id);
        var (a1, a2) = Neighbours(after, id);
        return b1 != a1 && b2 != a2;
    }

    private static List<DraftRecommendation> Ordered(IReadOnlyList<DraftArea> areas, IEnumerable<(DraftRecommendation Rec, int Order, int Index)> items)
    {
        var list = items.ToList();
        return areas
            .SelectMany(a => list.Where(e => e.Rec.AreaId == a.Id).OrderBy(e => e.Order).ThenBy(e => e.Index).Select(e => e.Rec))
            .ToList();
    }

    private static int AreaInsertIndex(CatalogueDraft draft, List<DraftRecommendation> active, string areaId)
    {
        // The first recommendation of a later area, so that areas keep their order.
        var areaIndex = draft.Areas.ToList().FindIndex(a => a.Id == areaId);
        var later = draft.Areas.Skip(areaIndex + 1).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var i = active.FindIndex(r => later.Contains(r.AreaId));
        return i < 0 ? active.Count : i;
    }

    private static string? CheckText(string raw, string field, string who, List<EditProblem> problems)
    {
        var text = Clean(raw);
        if (!FormText.HasVisibleText(text))
        {
            problems.Add(new(field, $"{who}: skriv anbefalingens tekst."));
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            problems.Add(new(field, $"{who}: teksten er for lang ({text.Length} tegn; højst {MaxTextLength})."));
            return null;
        }

        return text;
    }

    private static string? CheckArea(CatalogueDraft draft, string raw, string field, string who, List<EditProblem> problems)
    {
        if (draft.Areas.Any(a => a.Id == raw))
        {
            return raw;
        }

        problems.Add(new(field, $"{who}: vælg et af skemaets områder."));
        return null;
    }

    private static Obligation? CheckObligation(string raw, string field, string who, List<EditProblem> problems)
    {
        switch (raw)
        {
            case "SKAL":
                return Obligation.Skal;
            case "KAN":
                return Obligation.Kan;
            default:
                problems.Add(new(field, $"{who}: vælg SKAL eller KAN."));
                return null;
        }
    }

    private static CatalogueEditOutcome.Refused Refuse(string field, string message) => new([new EditProblem(field, message)]);
}
