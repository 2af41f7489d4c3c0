using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Catalogue;

/// <summary>The editing rules on the built-in 2015 set: ids, retire, order, validation, import, audit lines.</summary>
public class CatalogueEditingTests
{
    private static CatalogueDraft Draft2028 => CatalogueDraft.From(CatalogueFile.LoadBuiltIn(2028), 2028);

    private static List<RecommendationEdit> Unchanged(CatalogueDraft draft) =>
        draft.Active.Select((r, i) => new RecommendationEdit(r.Id, r.AreaId, CatalogueEditing.Word(r.Obligation), r.Text, ((i + 1) * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), false)).ToList();

    private static CatalogueDraft Applied(CatalogueEditOutcome outcome) => Assert.IsType<CatalogueEditOutcome.Applied>(outcome).Draft;

    [Fact]
    public void A_new_recommendation_gets_its_area_letter_and_the_next_number()
    {
        var draft = Draft2028;
        var highestV = draft.Recommendations.Where(r => r.AreaId == "V").Max(r => int.Parse(r.Id[1..], System.Globalization.CultureInfo.InvariantCulture));

        var added = Applied(CatalogueEditing.Add(draft, "V", "KAN", "  Ny   anbefaling\nom virksomheder ", []));

        var fresh = Assert.Single(added.Recommendations, r => draft.Recommendations.All(d => d.Id != r.Id));
        Assert.Equal($"V{highestV + 1}", fresh.Id);
        Assert.Equal((Obligation.Kan, "Ny anbefaling om virksomheder"), (fresh.Obligation, fresh.Text));
        // Placed last in its area, before the next area's first recommendation.
        var active = added.Active.ToList();
        var index = active.FindIndex(r => r.Id == fresh.Id);
        Assert.Equal("V", active[index - 1].AreaId);
        Assert.NotEqual("V", active[index + 1].AreaId);
    }

    [Fact]
    public void A_retired_id_is_never_given_to_a_new_text_nor_one_asked_in_an_earlier_year()
    {
        var draft = Draft2028;
        var lastV = draft.Recommendations.Last(r => r.AreaId == "V").Id;
        var edits = Unchanged(draft).Select(e => e.Id == lastV ? e with { Retire = true } : e).ToList();
        var retired = Applied(CatalogueEditing.Edit(draft, edits));
        Assert.True(retired.Recommendations.Single(r => r.Id == lastV).Retired);
        Assert.DoesNotContain(retired.ToCatalogue().AllRecommendations, r => r.Id == lastV);

        // The retired id is the highest of its area, yet the new text gets the number after it.
        var lastNumber = int.Parse(lastV[1..], System.Globalization.CultureInfo.InvariantCulture);
        var afterRetired = Applied(CatalogueEditing.Add(retired, "V", "SKAL", "Ny tekst", []));
        Assert.Equal($"V{lastNumber + 1}", afterRetired.Active.Last(r => r.AreaId == "V").Id);

        var added = Applied(CatalogueEditing.Add(retired, "V", "SKAL", "Ny tekst", ["V40"]));

        var fresh = added.Recommendations.Last(r => r.AreaId == "V" && !r.Retired);
        Assert.Equal("V41", fresh.Id);
        Assert.Equal("V10", CatalogueEditing.NextId("V", ["V1", "V9", "VX2", "B12", "V10a"]));
    }

    [Fact]
    public void Order_area_and_obligation_change_and_each_change_is_one_audit_line()
    {
        var draft = Draft2028;
        var first = draft.Active.First();
        var second = draft.Active.Skip(1).First();
        var edits = Unchanged(draft).Select(e =>
            e.Id == first.Id ? e with { Order = "25" } :
            e.Id == second.Id ? e with { Text = "Omformuleret tekst", Obligation = "KAN" } : e).ToList();

        var outcome = Assert.IsType<CatalogueEditOutcome.Applied>(CatalogueEditing.Edit(draft, edits));

        var active = outcome.Draft.Active.ToList();
        Assert.Equal([second.Id, first.Id], active.Take(2).Select(r => r.Id));
        Assert.Equal((Obligation.Kan, "Omformuleret tekst"), (active[0].Obligation, active[0].Text));
        Assert.Equal(2, outcome.Changes.Count);
        Assert.Contains(outcome.Changes, c => c.Action == $"Ændrede anbefaling {second.Id}" && c.Details.Contains("Omformuleret tekst", StringComparison.Ordinal) && c.Details.Contains("SKAL → KAN", StringComparison.Ordinal));
        Assert.Contains(outcome.Changes, c => c.Action == $"Ændrede anbefaling {first.Id}" && c.Details.Contains("flyttet", StringComparison.Ordinal));

        var moved = Applied(CatalogueEditing.Edit(draft, Unchanged(draft).Select(e => e.Id == first.Id ? e with { AreaId = "D" } : e).ToList()));
        // Moved to area D with number 10: first of that area.
        Assert.Equal(first.Id, moved.Active.First(r => r.AreaId == "D").Id);
        Assert.Equal("D", moved.Recommendations.Single(r => r.Id == first.Id).AreaId);
    }

    [Fact]
    public void Bad_input_is_refused_in_Danish_with_the_field_it_belongs_to()
    {
        var draft = Draft2028;
        var id = draft.Active.First().Id;
        var edits = Unchanged(draft).Select(e => e.Id == id ? e with { Text = " \u200B ", AreaId = "Q", Obligation = "MÅSKE", Order = "nul" } : e).ToList();

        var refused = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Edit(draft, edits));

        Assert.Equal(["tekst-" + id, "omraade-" + id, "type-" + id + "-skal", "nr-" + id], refused.Problems.Select(p => p.FieldId));
        Assert.Contains(refused.Problems, p => p.Message == $"Anbefaling {id}: skriv anbefalingens tekst.");
        Assert.Contains(refused.Problems, p => p.Message == $"Anbefaling {id}: vælg SKAL eller KAN.");

        var tooLong = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Add(draft, "V", "SKAL", new string('x', CatalogueEditing.MaxTextLength + 1), []));
        Assert.Contains("for lang", Assert.Single(tooLong.Problems).Message, StringComparison.Ordinal);

        var allRetired = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Edit(draft, Unchanged(draft).Select(e => e with { Retire = true }).ToList()));
        Assert.Contains("Mindst én anbefaling", Assert.Single(allRetired.Problems).Message, StringComparison.Ordinal);

        // A form for another set of recommendations (a tampered or outdated form) changes nothing.
        var tampered = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Edit(draft, Unchanged(draft).Skip(1).ToList()));
        Assert.Contains("hent siden igen", Assert.Single(tampered.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_retires_what_the_file_leaves_out_and_refuses_a_retired_id()
    {
        var draft = Draft2028;
        var gone = draft.Active.Last();
        var file = CatalogueDraft.From(draft.ToCatalogue(), 2028) with { Recommendations = draft.Recommendations.Where(r => r.Id != gone.Id).ToList() };

        var outcome = Assert.IsType<CatalogueEditOutcome.Applied>(CatalogueEditing.Import(draft, file.ToCatalogue(), []));

        Assert.True(outcome.Draft.Recommendations.Single(r => r.Id == gone.Id).Retired);
        Assert.Equal(new CatalogueChange($"Lod anbefaling {gone.Id} udgå", gone.Text), Assert.Single(outcome.Changes));

        // Bringing the retired id back with a file is refused.
        var back = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Import(outcome.Draft, draft.ToCatalogue(), []));
        Assert.Contains($"Id'et {gone.Id} er udgået", Assert.Single(back.Problems).Message, StringComparison.Ordinal);
        var earlier = Assert.IsType<CatalogueEditOutcome.Refused>(CatalogueEditing.Import(
            CatalogueDraft.From(file.ToCatalogue(), 2028), draft.ToCatalogue(), [gone.Id]));
        Assert.Single(earlier.Problems);
    }

    [Fact]
    public void The_frozen_catalogue_leaves_out_retired_recommendations_and_empty_areas()
    {
        var draft = Draft2028;
        var edits = Unchanged(draft).Select(e => e.AreaId == "D" ? e with { Retire = true } : e).ToList();

        var catalogue = Applied(CatalogueEditing.Edit(draft, edits)).ToCatalogue();

        Assert.DoesNotContain(catalogue.Areas, a => a.Id == "D");
        Assert.Equal(draft.Active.Count(r => r.AreaId != "D"), catalogue.AllRecommendations.Count());
        Assert.Equal(2028, catalogue.Year);
    }
}
