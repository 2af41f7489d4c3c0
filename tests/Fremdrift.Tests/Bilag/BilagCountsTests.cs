using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using static Fremdrift.Tests.Bilag.BilagTestData;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// A cycle with partial answers: some jobcentres submitted KAN recommendations without a status (stored before a
/// status became mandatory), one left a recommendation out altogether, two never answered. The bilag's rows of
/// counts must add up, its words must all have a legend, and the Excel export must say the same.
/// </summary>
public class BilagCountsTests
{
    private static readonly int[] WithoutKanStatus = [101, 147, 173];

    private static BilagInput PartialInput() => Input(tweak: list =>
    {
        for (var i = 0; i < list.Count; i++)
        {
            var code = list[i].MunicipalityCode;
            if (WithoutKanStatus.Contains(code))
            {
                list[i] = list[i] with
                {
                    Answers = list[i].Answers
                        .Select(a => TestCatalogue.Find(a.RecommendationId)!.Obligation == Obligation.Kan ? a with { Rating = null } : a)
                        .ToList(),
                };
            }
            else if (code == 159)
            {
                // An answer row missing entirely counts like one without a status: the jobcentre did submit.
                list[i] = list[i] with { Answers = list[i].Answers.Where(a => a.RecommendationId != "V1").ToList() };
            }
        }
    }) with { EarlierYears = BilagAccessibilityTests.EarlierYears() };

    private static int ExpectedWithoutStatus(Recommendation recommendation) =>
        (recommendation.Obligation == Obligation.Kan ? WithoutKanStatus.Length : 0) + (recommendation.Id == "V1" ? 1 : 0);

    [Fact]
    public void Every_row_of_counts_adds_up_to_the_number_of_municipalities_and_submitted_without_status_is_its_own_column()
    {
        using var docx = new DocxReader(BilagBuilder.Build(PartialInput()));
        var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption));
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var dataRows = rows.Skip(1).Where(r => r.Count > 1).ToList();

        Assert.Equal(recommendations.Count, dataRows.Count);
        for (var i = 0; i < recommendations.Count; i++)
        {
            var numbers = dataRows[i].Skip(1).Select(c => int.Parse(DocxReader.Text(c), CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(29, numbers[..6].Sum());
            Assert.Equal(29, numbers[6]);
            Assert.Equal(ExpectedWithoutStatus(recommendations[i]), numbers[4]);
            Assert.Equal(Missing.Length, numbers[5]);
        }
    }

    [Fact]
    public void The_trend_table_adds_up_to_each_years_number_of_municipalities()
    {
        using var docx = new DocxReader(BilagBuilder.Build(PartialInput()));
        var rows = DocxReader.Rows(docx.TableByCaption(BilagBuilder.TrendCaption));

        Assert.Equal(["Anbefaling", "År", "Grøn", "Gul", "Rød", "Ikke relevant", "Uden status", "Ikke svaret", "I alt"], rows[0].Select(DocxReader.Text));
        // One row per recommendation, its years one line each in every cell (a row never splits across pages).
        var recommendationRows = rows.Skip(1).ToList();
        Assert.Equal(TestCatalogue.AllRecommendations.Select(r => r.Id), recommendationRows.Select(r => DocxReader.Text(r[0]).Split(' ')[0]));
        Assert.All(recommendationRows, r =>
        {
            Assert.Equal(["2025", "2026", "2027"], DocxReader.Text(r[1]).Split('\n'));
            var columns = r.Skip(2).Select(c => DocxReader.Text(c).Split('\n').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            for (var year = 0; year < 3; year++)
            {
                Assert.Equal(columns[6][year], columns[..6].Sum(c => c[year]));
                Assert.Equal(29, columns[6][year]);
            }
        });
    }

    [Fact]
    public void Every_word_the_counts_and_lists_use_has_a_legend_line_and_non_responders_are_marked_in_the_overview()
    {
        using var docx = new DocxReader(BilagBuilder.Build(PartialInput()));
        var legend = DocxReader.Rows(docx.TableByCaption("Signaturforklaring")).Skip(1).Select(r => DocxReader.Text(r[1])).ToList();
        var words = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption))[0].Skip(1).Take(6).Select(DocxReader.Text);

        Assert.All(words, w => Assert.Contains(legend, l => l.StartsWith(w, StringComparison.Ordinal)));
        Assert.DoesNotContain("Ikke angivet", docx.MainXml);
        var detail = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")));
        var leftOutV1 = TestDirectory.Single(j => j.MunicipalityCode == 159).Municipality;
        Assert.Equal("Uden status", DocxReader.Text(detail.Single(r => DocxReader.Text(r[0]) == leftOutV1)[1]));
        var overview = DocxReader.Rows(docx.TableByCaption(BilagBuilder.OverviewCaption));
        var dragør = overview[0].Select(DocxReader.Text).ToList().FindIndex(t => t.StartsWith("Dragør", StringComparison.Ordinal));
        Assert.Equal("Dragør (ikke svaret)", DocxReader.Text(overview[0][dragør]));
        Assert.All(overview.Skip(1).Where(r => r.Count > 1), r => Assert.Equal(StatusColumn.NotAnswered.Mark, DocxReader.Text(r[dragør])));
        var column = overview[0].Select(DocxReader.Text).ToList().IndexOf(leftOutV1);
        Assert.Equal(StatusColumn.WithoutStatus.Mark, DocxReader.Text(overview.Skip(1).First(r => r.Count > 1)[column]));
        Assert.Empty(ValidationErrors(BilagBuilder.Build(PartialInput())));
    }

    [Fact]
    public void The_excel_export_says_uden_status_for_the_same_cells_and_its_counts_agree_with_the_bilag()
    {
        var input = PartialInput();
        using var stream = new MemoryStream(AnswersWorkbookBuilder.Build(input));
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var rows = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Skip(1)
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToArray())
            .ToList();
        var analysis = BilagAnalysis.Of(input);

        foreach (var recommendation in TestCatalogue.AllRecommendations)
        {
            var statuses = rows.Where(r => r[5] == recommendation.Id).Select(r => r[8]).ToList();
            var counts = analysis.Counts(recommendation.Id);
            Assert.Equal(29, statuses.Count);
            Assert.Equal(counts[CellStatus.WithoutStatus], statuses.Count(s => s == "Uden status"));
            Assert.Equal(counts[CellStatus.NotAnswered], statuses.Count(s => s == ""));
            Assert.Equal(counts[CellStatus.Groen], statuses.Count(s => s == "Grøn"));
        }
    }
}
