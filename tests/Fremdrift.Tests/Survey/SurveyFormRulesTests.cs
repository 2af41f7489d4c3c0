using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;

namespace Fremdrift.Tests.Survey;

/// <summary>The form's parsing and rules as pure functions.</summary>
public class SurveyFormRulesTests
{
    private static readonly Shared.Domain.Catalogue Catalogue = CatalogueFile.LoadBuiltIn(2027);
    private static readonly SurveyRules Rules = new(4000, RequireRemarkForGulOrRoed: true);
    private static readonly Recommendation Skal = Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Skal);
    private static readonly Recommendation Kan = Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Kan);

    private static List<KeyValuePair<string, string>> Blank(string action = "gem")
    {
        var fields = new List<KeyValuePair<string, string>> { new("version", "W/\"1\""), new("indsendelse", "abc123"), new("handling", action) };
        fields.AddRange(Catalogue.AllRecommendations.Select(r => new KeyValuePair<string, string>("bem-" + r.Id, "")));
        return fields;
    }

    private static SurveyFormParse Parse(IEnumerable<KeyValuePair<string, string>> fields) => SurveyFormRules.Parse(Catalogue, new FormFields(fields.ToList()));

    private static SurveyFormInput Accepted(IEnumerable<KeyValuePair<string, string>> fields) => Assert.IsType<SurveyFormParse.Accepted>(Parse(fields)).Input;

    [Fact]
    public void A_blank_form_parses_to_one_empty_answer_per_recommendation_in_catalogue_order()
    {
        var input = Accepted(Blank());

        Assert.Equal(SurveyAction.SaveDraft, input.Action);
        Assert.Equal("W/\"1\"", input.Version);
        Assert.Equal(Catalogue.AllRecommendations.Select(r => r.Id), input.Answers.Select(a => a.RecommendationId));
        Assert.All(input.Answers, a => Assert.Null(a.Rating));
    }

    [Fact]
    public void Colours_and_remarks_are_read_and_CRLF_becomes_LF()
    {
        var input = Accepted(Blank("indsend").Where(f => f.Key != "bem-" + Kan.Id).Concat([new("farve-" + Kan.Id, "ikke-relevant"), new("bem-" + Kan.Id, " Linje 1\r\nLinje 2 æøå ")]));

        var answer = input.Answers.Single(a => a.RecommendationId == Kan.Id);
        Assert.Equal(SurveyAction.Submit, input.Action);
        Assert.Equal(Rating.IkkeRelevant, answer.Rating);
        Assert.Equal("Linje 1\nLinje 2 æøå", answer.Remark);
    }

    public static TheoryData<string, string> TamperedForms() => new()
    {
        { "unknown recommendation", "farve-X99=groen" },
        { "unknown colour", "farve-{skal}=blaa" },
        { "empty colour", "farve-{skal}=" },
        { "not relevant on SKAL", "farve-{skal}=ikke-relevant" },
        { "repeated remark", "bem-{skal}=igen" },
        { "unknown field", "admin=1" },
        { "missing version", "-version" },
        { "missing submission id", "-indsendelse" },
        { "missing action", "-handling" },
        { "unknown action", "handling2=slet" },
        { "missing remark field", "-bem-{skal}" },
    };

    [Theory]
    [MemberData(nameof(TamperedForms))]
    public void A_tampered_form_is_rejected_with_a_Danish_reason(string what, string change)
    {
        var fields = Blank();
        change = change.Replace("{skal}", Skal.Id, StringComparison.Ordinal);
        if (change.StartsWith('-'))
        {
            fields.RemoveAll(f => f.Key == change[1..]);
        }
        else if (change.StartsWith("handling2=", StringComparison.Ordinal))
        {
            fields = [.. fields.Where(f => f.Key != "handling"), new("handling", "slet")];
        }
        else
        {
            var parts = change.Split('=', 2);
            fields.Add(new(parts[0], parts[1]));
        }

        var rejected = Assert.IsType<SurveyFormParse.Rejected>(Parse(fields));
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message), what);
    }

    [Fact]
    public void A_draft_may_leave_everything_empty()
    {
        Assert.Empty(SurveyFormRules.Validate(Catalogue, Accepted(Blank()).Answers, SurveyAction.SaveDraft, Rules));
    }

    [Fact]
    public void Submit_needs_a_status_on_every_recommendation_SKAL_and_KAN_alike()
    {
        var problems = SurveyFormRules.Validate(Catalogue, Accepted(Blank("indsend")).Answers, SurveyAction.Submit, Rules);

        Assert.Equal(Catalogue.AllRecommendations.Select(r => r.Id), problems.Select(p => p.RecommendationId));
        Assert.All(problems, p => Assert.False(p.OnRemark));
        Assert.Equal("Mangler status: vælg Grøn, Gul eller Rød.", problems.Single(p => p.RecommendationId == Skal.Id).Message);
        Assert.Contains("Ikke relevant", problems.Single(p => p.RecommendationId == Kan.Id).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submit_missing_only_one_KAN_status_is_refused_for_that_row_and_Ikke_relevant_completes_it()
    {
        var answers = Catalogue.AllRecommendations.Select(r => new Answer(r.Id, r.Id == Kan.Id ? null : Rating.Groen, "")).ToList();

        var problem = Assert.Single(SurveyFormRules.Validate(Catalogue, answers, SurveyAction.Submit, Rules));
        Assert.Equal(Kan.Id, problem.RecommendationId);

        var completed = answers.Select(a => a.RecommendationId == Kan.Id ? a with { Rating = Rating.IkkeRelevant } : a).ToList();
        Assert.Empty(SurveyFormRules.Validate(Catalogue, completed, SurveyAction.Submit, Rules));
        Assert.Empty(SurveyFormRules.Validate(Catalogue, answers, SurveyAction.SaveDraft, Rules));
    }

    [Theory]
    [InlineData(Rating.Gul, true, true)]
    [InlineData(Rating.Roed, true, true)]
    [InlineData(Rating.Groen, true, false)]
    [InlineData(Rating.Gul, false, false)]
    public void Gul_or_Roed_without_remark_is_a_problem_only_when_the_setting_is_on(Rating rating, bool setting, bool expectProblem)
    {
        var answers = Catalogue.AllRecommendations.Select(r => new Answer(r.Id, r.Id == Skal.Id ? rating : Rating.Groen, "")).ToList();

        var problems = SurveyFormRules.Validate(Catalogue, answers, SurveyAction.Submit, Rules with { RequireRemarkForGulOrRoed = setting });

        Assert.Equal(expectProblem, problems.Any(p => p.RecommendationId == Skal.Id && p.OnRemark));
    }

    [Fact]
    public void A_remark_over_the_limit_is_refused_naming_the_limit_even_for_a_draft()
    {
        var answers = Catalogue.AllRecommendations.Select(r => new Answer(r.Id, null, r.Id == Kan.Id ? new string('å', 4001) : "")).ToList();

        var problem = Assert.Single(SurveyFormRules.Validate(Catalogue, answers, SurveyAction.SaveDraft, Rules));

        Assert.Equal(Kan.Id, problem.RecommendationId);
        Assert.Contains("4000", problem.Message, StringComparison.Ordinal);
        Assert.Empty(SurveyFormRules.Validate(Catalogue, answers.Select(a => a with { Remark = a.Remark.Length > 0 ? new string('å', 4000) : "" }).ToList(), SurveyAction.SaveDraft, Rules));
    }

    [Fact]
    public void Danish_dates_read_as_people_write_them_in_Copenhagen_time()
    {
        Assert.Equal("fredag den 26. februar 2027 kl. 23.59", DanishDates.DateAndTime(new DateTimeOffset(2027, 2, 26, 22, 59, 0, TimeSpan.Zero)));
        Assert.Equal("søndag den 1. august 2027 kl. 00.30", DanishDates.DateAndTime(new DateTimeOffset(2027, 7, 31, 22, 30, 0, TimeSpan.Zero)));
    }
}
