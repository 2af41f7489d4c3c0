using System.Globalization;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using static Fremdrift.Tests.Bilag.BilagTestData;

namespace Fremdrift.Tests.Bilag;

public class BilagBuilderTests
{
    private static readonly Dictionary<Rating, (string Mark, string Fill)> Expected = new()
    {
        [Rating.Groen] = ("✓", "9BD18B"),
        [Rating.Gul] = ("!", "FFE066"),
        [Rating.Roed] = ("✗", "F28B82"),
        [Rating.IkkeRelevant] = ("–", "E7E6E6"),
    };

    [Fact]
    public void Overview_cell_of_every_municipality_and_recommendation_has_the_answers_mark_and_shading()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var table = docx.TableByCaption(BilagBuilder.OverviewCaption);
        var rows = DocxReader.Rows(table);

        var header = rows[0].Skip(1).Select(DocxReader.Text).ToList();
        Assert.Equal(
            TestDirectory.OrderBy(j => j.MunicipalityCode).Select(j => Missing.Contains(j.MunicipalityCode) ? j.Municipality + " (ikke svaret)" : j.Municipality),
            header);
        Assert.True(table.Elements<TableRow>().First().TableRowProperties!.GetFirstChild<TableHeader>() is not null, "header row repeats on every page");

        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var recommendationRows = rows.Where(r => r.Count > 1).Skip(1).ToList();
        Assert.Equal(recommendations.Count, recommendationRows.Count);
        var checkedCells = 0;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var row = recommendationRows[i];
            var label = DocxReader.Text(row[0]);
            Assert.StartsWith($"{recommendations[i].Id} · {(recommendations[i].Obligation == Obligation.Skal ? "SKAL" : "KAN")}:", label);
            for (var m = 0; m < header.Count; m++)
            {
                var code = TestDirectory.Single(j => header[m].StartsWith(j.Municipality, StringComparison.Ordinal)).MunicipalityCode;
                var cell = row[m + 1];
                if (Missing.Contains(code))
                {
                    Assert.Equal("·", DocxReader.Text(cell));
                    Assert.Equal("F2F2F2", DocxReader.Fill(cell));
                }
                else
                {
                    var (mark, fill) = Expected[ExpectedRating(code, recommendations[i], i)];
                    Assert.Equal(mark, DocxReader.Text(cell));
                    Assert.Equal(fill, DocxReader.Fill(cell));
                }

                checkedCells++;
            }
        }

        Assert.Equal(29 * 16, checkedCells);
        Assert.True(DocxReader.IsLandscape(table), "the overview is on a landscape page");
        Assert.False(DocxReader.IsLandscape(docx.TableByCaption(BilagBuilder.DetailCaption("V1"))), "details are back on portrait pages");
    }

    [Fact]
    public void Area_rows_group_the_recommendations_in_catalogue_order()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.OverviewCaption));

        var areaRows = rows.Where(r => r.Count == 1).Select(r => DocxReader.Text(r[0])).ToList();

        Assert.Equal(TestCatalogue.Areas.Select(a => a.Title), areaRows);
        var order = rows.Skip(1).Select(r => r.Count == 1 ? "#" + DocxReader.Text(r[0]) : DocxReader.Text(r[0]).Split(' ')[0]).ToList();
        var expectedOrder = TestCatalogue.Areas.SelectMany(a => a.Recommendations.Select(r => r.Id).Prepend("#" + a.Title)).ToList();
        Assert.Equal(expectedOrder, order);
    }

    [Fact]
    public void Counts_per_recommendation_match_the_answers_and_add_up_to_29()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption));
        Assert.Equal(["Anbefaling", "Grøn", "Gul", "Rød", "Ikke relevant", "Uden status", "Ikke svaret", "I alt", "Bedre", "Uændret", "Dårligere"], rows[0].Select(DocxReader.Text));

        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var dataRows = rows.Skip(1).Where(r => r.Count > 1).ToList();
        for (var i = 0; i < recommendations.Count; i++)
        {
            var numbers = dataRows[i].Skip(1).Select(c => int.Parse(DocxReader.Text(c), CultureInfo.InvariantCulture)).ToArray();
            var answering = TestDirectory.Select(j => j.MunicipalityCode).Where(c => !Missing.Contains(c)).ToList();
            var ratings = answering.Select(c => ExpectedRating(c, recommendations[i], i)).ToList();
            int Changes(Func<int, int, bool> compare) => answering.Count(c =>
                LastYearRating(c, i) is { } before && ratings[answering.IndexOf(c)] is var now && now != Rating.IkkeRelevant
                && compare(now.Score()!.Value, before.Score()!.Value));

            Assert.Equal(ratings.Count(r => r == Rating.Groen), numbers[0]);
            Assert.Equal(ratings.Count(r => r == Rating.Gul), numbers[1]);
            Assert.Equal(ratings.Count(r => r == Rating.Roed), numbers[2]);
            Assert.Equal(ratings.Count(r => r == Rating.IkkeRelevant), numbers[3]);
            Assert.Equal(0, numbers[4]);
            Assert.Equal(2, numbers[5]);
            Assert.Equal(29, numbers[6]);
            Assert.Equal(29, numbers[..6].Sum());
            Assert.Equal(Changes((now, before) => now > before), numbers[7]);
            Assert.Equal(Changes((now, before) => now == before), numbers[8]);
            Assert.Equal(Changes((now, before) => now < before), numbers[9]);
        }
    }

    [Fact]
    public void Title_block_gives_title_kkr_danish_date_response_rate_and_who_did_not_answer()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var paragraphs = docx.Paragraphs.Take(8).ToList();

        Assert.Equal("Status for anbefalinger til tværkommunalt samarbejde på beskæftigelsesområdet 2027", paragraphs[0]);
        Assert.Contains("KKR Hovedstaden", paragraphs);
        Assert.Contains("15. februar 2027", paragraphs);
        Assert.Contains("27 af 29 jobcentre har svaret.", paragraphs);
        Assert.Contains("Har ikke svaret: Dragør, Bornholm.", paragraphs);
        Assert.DoesNotContain("UDKAST", docx.MainXml + docx.HeaderText);
    }

    [Fact]
    public void When_everybody_answered_the_title_block_says_so()
    {
        var input = Input();
        var all = input with
        {
            ThisYear = TestDirectory.Select(j => new SubmittedAnswers(j.MunicipalityCode, [], null, null)).ToList(),
        };
        using var docx = new DocxReader(BilagBuilder.Build(all));

        Assert.Contains("29 af 29 jobcentre har svaret.", docx.Paragraphs);
        Assert.Contains("Alle jobcentre har svaret.", docx.Paragraphs);
    }

    [Fact]
    public void Draft_is_marked_in_the_title_and_in_the_header_of_every_page()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input(draft: true)));

        Assert.Equal("UDKAST – ikke endeligt", docx.Paragraphs[0]);
        Assert.Contains("UDKAST – ikke endeligt", docx.HeaderText);
        Assert.Contains("15. februar 2027 kl. 14.05", docx.HeaderText);
        var sections = docx.Body.Descendants<SectionProperties>().ToList();
        Assert.Equal(3, sections.Count);
        Assert.All(sections, s => Assert.NotNull(s.GetFirstChild<HeaderReference>()));
    }

    [Fact]
    public void Detail_table_lists_every_answering_municipality_in_code_order_with_mark_change_and_remark()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        for (var i = 0; i < recommendations.Count; i++)
        {
            var recommendation = recommendations[i];
            var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption(recommendation.Id)));
            Assert.StartsWith($"{recommendation.Id} (", DocxReader.Text(rows[0][0]));
            Assert.Equal(["Kommune", "Status", "Udvikling siden 2026", "Bemærkninger"], rows[1].Select(DocxReader.Text));
            var answering = TestDirectory.Where(j => !Missing.Contains(j.MunicipalityCode)).OrderBy(j => j.MunicipalityCode).ToList();
            Assert.Equal(answering.Select(j => j.Municipality), rows.Skip(2).Select(r => DocxReader.Text(r[0])));
            for (var m = 0; m < answering.Count; m++)
            {
                var code = answering[m].MunicipalityCode;
                var row = rows[m + 2];
                var rating = ExpectedRating(code, recommendation, i);
                Assert.Equal(rating.Danish(), DocxReader.Text(row[1]));
                Assert.Equal(Expected[rating].Fill, DocxReader.Fill(row[1]));
                Assert.Equal(ExpectedChange(LastYearRating(code, i), rating), DocxReader.Text(row[2]));
                Assert.Equal(Remark(code, recommendation.Id), DocxReader.Text(row[3]));
            }
        }
    }

    [Fact]
    public void Remark_line_breaks_are_kept_as_breaks_not_as_one_run_of_text()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var remarkCell = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("B2")))[2][3];

        Assert.Single(remarkCell.Descendants<Break>());
        Assert.Equal(["Bemærkning fra 101 om B2: ærø, Øster Å", "anden linje"], remarkCell.Descendants<Text>().Select(t => t.Text));
    }

    [Fact]
    public void Year_over_year_marks_better_same_worse_and_not_comparable()
    {
        var catalogue = TestCatalogue;
        var v1 = catalogue.AllRecommendations.First().Id;
        var input = new BilagInput(
            Year,
            catalogue,
            TestDirectory.Where(j => j.MunicipalityCode is 101 or 147 or 151 or 153 or 155).ToList(),
            [
                Submission(101, v1, Rating.Groen), // was Gul: better
                Submission(147, v1, Rating.Gul),   // was Gul: same
                Submission(151, v1, Rating.Roed),  // was Grøn: worse
                Submission(153, v1, Rating.Gul),   // no answer last year: not comparable
            ],
            [Submission(101, v1, Rating.Gul), Submission(147, v1, Rating.Gul), Submission(151, v1, Rating.Groen), Submission(155, v1, Rating.Roed)],
            GeneratedAt,
            Draft: false);

        using var docx = new DocxReader(BilagBuilder.Build(input));
        var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption(v1)));

        Assert.Equal(
            ["↑ Bedre (2026: Gul)", "= Uændret", "↓ Dårligere (2026: Grøn)", "–"],
            rows.Skip(2).Select(r => DocxReader.Text(r[2])));
        var counts = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption)).Skip(1).First(r => r.Count > 1).Skip(1).Select(DocxReader.Text);
        Assert.Equal(["1", "2", "1", "0", "0", "1", "5", "1", "1", "1"], counts);
    }

    [Fact]
    public void Without_last_year_there_is_no_change_column_and_no_change_counts()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input(withLastYear: false)));

        Assert.Equal(["Kommune", "Status", "Bemærkninger"], DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")))[1].Select(DocxReader.Text));
        Assert.Equal(8, DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption))[0].Count);
    }

    [Fact]
    public void Markup_and_control_characters_in_a_remark_are_literal_text_and_the_document_stays_valid()
    {
        const string hostile = "<script>alert('x')</script> & <w:p/> \u0001\u0008 ]]> \uD800 æøå";
        var input = Input(tweak: list => list[0] = list[0] with
        {
            Answers = list[0].Answers.Select((a, i) => i == 0 ? a with { Remark = hostile } : a).ToList(),
        });

        var bytes = BilagBuilder.Build(input);
        using var docx = new DocxReader(bytes);
        var remark = DocxReader.Text(DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")))[2][3]);

        Assert.Equal("<script>alert('x')</script> & <w:p/>  ]]>  æøå", remark);
        Assert.Contains("&lt;script&gt;", docx.MainXml);
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void An_answer_from_a_municipality_missing_in_the_directory_is_shown_under_its_number()
    {
        var input = Input(tweak: list => list.Add(new SubmittedAnswers(999, [new Answer("V1", Rating.Groen, "ukendt kommune")], null, null)));

        using var docx = new DocxReader(BilagBuilder.Build(input));

        Assert.Contains("Kommune 999", DocxReader.Rows(docx.TableByCaption(BilagBuilder.OverviewCaption))[0].Select(DocxReader.Text));
        Assert.Contains("28 af 30 jobcentre har svaret.", docx.Paragraphs);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void The_bilag_is_valid_office_open_xml(bool draft, bool withLastYear)
    {
        Assert.Empty(ValidationErrors(BilagBuilder.Build(Input(draft, withLastYear))));
    }

    [Fact]
    public void Nobody_answered_yet_still_gives_a_valid_document_that_says_so()
    {
        var bytes = BilagBuilder.Build(Input(draft: true) with { ThisYear = [] });
        using var docx = new DocxReader(bytes);

        Assert.Contains("0 af 29 jobcentre har svaret.", docx.Paragraphs);
        Assert.Equal("Ingen jobcentre har svaret endnu.", DocxReader.Text(DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")))[2][0]));
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void All_of_denmark_is_split_into_overview_tables_of_at_most_30_municipalities_and_stays_valid()
    {
        var directory = Enumerable.Range(1, 98).Select(i => new Jobcentre(100 + i, $"Kommune {i}", $"Jobcenter {i}", "Chef", "chef@x.example")).ToList();
        var input = new BilagInput(Year, TestCatalogue, directory, directory.Select(j => new SubmittedAnswers(j.MunicipalityCode, [new Answer("V1", Rating.Gul, "")], null, null)).ToList(), [], GeneratedAt, false);

        var bytes = BilagBuilder.Build(input);
        using var docx = new DocxReader(bytes);

        var parts = Enumerable.Range(1, 4).Select(p => DocxReader.Rows(docx.TableByCaption($"{BilagBuilder.OverviewCaption} (del {p})"))[0].Count - 1).ToList();
        Assert.Equal([30, 30, 30, 8], parts);
        Assert.Empty(ValidationErrors(bytes));
    }

    private static SubmittedAnswers Submission(int code, string recommendationId, Rating rating) =>
        new(code, [new Answer(recommendationId, rating, "")], null, null);

    private static string ExpectedChange(Rating? before, Rating now)
    {
        if (before is null || now == Rating.IkkeRelevant)
        {
            return before is null ? "–" : $"– (2026: {before.Value.Danish()})";
        }

        var diff = now.Score()!.Value - before.Value.Score()!.Value;
        return diff > 0 ? $"↑ Bedre (2026: {before.Value.Danish()})" : diff < 0 ? $"↓ Dårligere (2026: {before.Value.Danish()})" : "= Uændret";
    }
}
