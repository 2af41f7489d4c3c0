using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;
using static Fremdrift.Tests.Bilag.BilagTestData;

namespace Fremdrift.Tests.Bilag;

public class MunicipalityFormAndWorkbookTests
{
    private static MunicipalityFormInput FormInput(int code, bool answered = true)
    {
        var input = Input();
        return new MunicipalityFormInput(
            Year,
            TestCatalogue,
            TestDirectory.Single(j => j.MunicipalityCode == code),
            answered ? input.ThisYear.Single(s => s.MunicipalityCode == code) : null,
            GeneratedAt);
    }

    [Fact]
    public void Own_form_has_the_seed_templates_table_per_area_with_skal_and_kan_rows_filled_with_the_answers()
    {
        var bytes = MunicipalityFormBuilder.Build(FormInput(169));
        using var docx = new DocxReader(bytes);

        var recommendations = TestCatalogue.AllRecommendations.ToList();
        foreach (var area in TestCatalogue.Areas)
        {
            var rows = DocxReader.Rows(docx.TableByCaption(area.Title)).Select(r => r.Select(DocxReader.Text).ToList()).ToList();
            Assert.Equal([area.Title, "Grøn/gul/rød", "Bemærkninger"], rows[0]);

            var expected = new List<List<string>>();
            foreach (var (obligation, heading) in new[] { (Obligation.Skal, "SKAL-initiativer i 2027:"), (Obligation.Kan, "KAN-initiativer i 2027") })
            {
                var group = area.Recommendations.Where(r => r.Obligation == obligation).ToList();
                if (group.Count == 0)
                {
                    continue;
                }

                expected.Add([heading, "", ""]);
                expected.AddRange(group.Select(r =>
                {
                    var index = recommendations.IndexOf(r);
                    // Each recommendation under its id (V1, B3, …), as in the chief's form, the bilag and the Excel export.
                    return new List<string> { $"{r.Id} {r.Text}", ExpectedRating(169, r, index).Danish(), Remark(169, r.Id) };
                }));
            }

            Assert.Equal(expected, rows.Skip(1).ToList());
        }

        Assert.Contains("Høje-Taastrup Kommune · Jobcenter Høje-Taastrup · 2027", docx.Paragraphs);
        Assert.Contains("Indsendt 12. februar 2027 kl. 14.05 af Jobcenterchef.", docx.Paragraphs);
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void Own_form_of_a_municipality_that_did_not_answer_is_blank_and_says_so()
    {
        var bytes = MunicipalityFormBuilder.Build(FormInput(155, answered: false));
        using var docx = new DocxReader(bytes);

        Assert.Contains("Jobcenter Dragør har ikke indsendt svar for 2027; skemaet er tomt.", docx.Paragraphs);
        var rows = DocxReader.Rows(docx.TableByCaption(TestCatalogue.Areas[0].Title));
        Assert.All(rows.Skip(1), r => Assert.Equal(
            DocxReader.Text(r[0]).Contains("-initiativer i ", StringComparison.Ordinal) ? "" : "Ikke svaret",
            DocxReader.Text(r[1]) + DocxReader.Text(r[2])));
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void Own_form_tells_a_kan_row_submitted_without_status_apart_from_a_jobcentre_that_never_answered()
    {
        var input = FormInput(101, answered: true);
        var kan = TestCatalogue.AllRecommendations.First(r => r.Obligation == Obligation.Kan);
        input = input with
        {
            Submission = input.Submission! with
            {
                Answers = input.Submission.Answers.Select(a => a.RecommendationId == kan.Id ? a with { Rating = null } : a).ToList(),
            },
        };

        var bytes = MunicipalityFormBuilder.Build(input);
        using var docx = new DocxReader(bytes);

        var row = DocxReader.Rows(docx.TableByCaption(TestCatalogue.Areas.Single(a => a.Id == kan.AreaId).Title)).Single(r => DocxReader.Text(r[0]) == $"{kan.Id} {kan.Text}");
        Assert.Equal("Uden status", DocxReader.Text(row[1]));
        Assert.Contains(docx.Paragraphs, p => p.StartsWith("\"Uden status\": ", StringComparison.Ordinal));
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void Workbook_has_one_row_per_municipality_and_recommendation_with_answer_remark_and_change()
    {
        var bytes = AnswersWorkbookBuilder.Build(Input());
        var rows = ReadSheet(bytes, out var sheet);

        Assert.Equal(AnswersWorkbookBuilder.Headings(2027), rows[0]);
        Assert.Equal(1 + 29 * 16, rows.Count);
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var codes = TestDirectory.Select(j => j.MunicipalityCode).Order().ToList();
        for (var m = 0; m < codes.Count; m++)
        {
            for (var i = 0; i < recommendations.Count; i++)
            {
                var row = rows[1 + m * recommendations.Count + i];
                var code = codes[m];
                var r = recommendations[i];
                Assert.Equal("2027", row[0]);
                Assert.Equal(code.ToString(CultureInfo.InvariantCulture), row[1]);
                Assert.Equal(TestDirectory.Single(j => j.MunicipalityCode == code).Municipality, row[2]);
                Assert.Equal(r.Id, row[5]);
                Assert.Equal(r.Obligation == Obligation.Skal ? "SKAL" : "KAN", row[6]);
                Assert.Equal(r.Text, row[7]);
                if (Missing.Contains(code))
                {
                    Assert.Equal(["", "", ""], row[8..11]);
                }
                else
                {
                    var rating = ExpectedRating(code, r, i);
                    Assert.Equal(rating.Danish(), row[8]);
                    Assert.Equal(Remark(code, r.Id), row[9]);
                    Assert.Equal(DanishDates.ToCopenhagen(GeneratedAt.AddDays(-3)).DateTime.ToOADate(), double.Parse(row[10], System.Globalization.CultureInfo.InvariantCulture), 6);
                    var before = LastYearRating(code, i);
                    Assert.Equal(before?.Danish() ?? "", row[11]);
                    var expectedChange = before is null || rating == Rating.IkkeRelevant ? ""
                        : rating.Score() > before.Value.Score() ? "Bedre" : rating.Score() < before.Value.Score() ? "Dårligere" : "Uændret";
                    Assert.Equal(expectedChange, row[12]);
                }
            }
        }

        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);
        Assert.Equal($"A1:N{1 + 29 * 16}", sheet.Descendants<AutoFilter>().Single().Reference!.Value);
    }

    [Fact]
    public void Workbook_keeps_a_formula_like_remark_as_text_and_is_valid()
    {
        var input = Input(tweak: list => list[0] = list[0] with
        {
            Answers = list[0].Answers.Select((a, i) => i == 0 ? a with { Remark = "=HYPERLINK(\"http://x\")\u0002 <b>" } : a).ToList(),
        });

        var bytes = AnswersWorkbookBuilder.Build(input);
        using var stream = new MemoryStream(bytes);
        using var xlsx = SpreadsheetDocument.Open(stream, false);
        var cell = xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Single(c => c.CellReference == "J2");

        Assert.Equal(CellValues.InlineString, cell.DataType!.Value);
        Assert.Null(cell.CellFormula);
        Assert.Equal("=HYPERLINK(\"http://x\") <b>", cell.InlineString!.InnerText);
        Assert.Empty(ValidationErrors(bytes, spreadsheet: true));
    }

    [Fact]
    public void Workbook_without_last_year_and_without_answers_is_valid()
    {
        var bytes = AnswersWorkbookBuilder.Build(Input(withLastYear: false) with { ThisYear = [] });

        Assert.Empty(ValidationErrors(bytes, spreadsheet: true));
        Assert.Equal(1 + 29 * 16, ReadSheet(bytes, out _).Count);
    }

    private static List<string[]> ReadSheet(byte[] bytes, out Worksheet sheet)
    {
        using var stream = new MemoryStream(bytes);
        using var xlsx = SpreadsheetDocument.Open(stream, false);
        sheet = (Worksheet)xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet.CloneNode(true);
        return sheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToArray())
            .ToList();
    }
}
