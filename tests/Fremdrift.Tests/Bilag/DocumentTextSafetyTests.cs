using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using static Fremdrift.Tests.Bilag.BilagTestData;

namespace Fremdrift.Tests.Bilag;

/// <summary>What a remark may not do to the documents: reorder how they read, or become a formula in Excel.</summary>
public class DocumentTextSafetyTests
{
    /// <summary>The remark cells of the first four rows, whose remarks start like a formula.</summary>
    private static readonly string[] FormulaLikeRemarkCells = ["J2", "J3", "J4", "J5"];

    private const string Trojan = "Vi er i gang \u202Ekaf ikke\u202C med \u2066isolat\u2069 og \u200Fmærke\u200E.";

    private static BilagInput WithRemarks(params string[] remarks) => Input(tweak: list => list[0] = list[0] with
    {
        Answers = list[0].Answers.Select((a, i) => i < remarks.Length ? a with { Remark = remarks[i] } : a).ToList(),
    });

    private static string AllText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var word = WordprocessingDocument.Open(stream, false);
        return string.Concat(word.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
    }

    [Fact]
    public void Bidirectional_controls_in_a_remark_are_neutralised_in_the_bilag_the_own_form_and_the_workbook()
    {
        var input = WithRemarks(Trojan);
        var code = input.ThisYear[0].MunicipalityCode;
        var bilag = AllText(BilagBuilder.Build(input));
        var own = AllText(MunicipalityFormBuilder.Build(new MunicipalityFormInput(Year, TestCatalogue, TestDirectory.Single(j => j.MunicipalityCode == code), input.ThisYear[0], GeneratedAt)));
        using var stream = new MemoryStream(AnswersWorkbookBuilder.Build(input));
        using var xlsx = SpreadsheetDocument.Open(stream, false);
        var sheet = string.Concat(xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Select(c => c.InnerText));

        foreach (var text in new[] { bilag, own, sheet })
        {
            Assert.Contains("Vi er i gang kaf ikke med isolat og mærke.", text, StringComparison.Ordinal);
            Assert.DoesNotContain(text, Shared.Web.FormText.IsBidiControl);
        }
    }

    [Fact]
    public void Workbook_cells_that_start_like_a_formula_carry_the_quote_prefix_and_others_do_not()
    {
        var bytes = AnswersWorkbookBuilder.Build(WithRemarks("=1+1", "+45 12 34 56 78", "-2 i år", "@SUM(A1)", "Almindelig tekst"));
        using var stream = new MemoryStream(bytes);
        using var xlsx = SpreadsheetDocument.Open(stream, false);
        var formats = xlsx.WorkbookPart!.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ToList();
        var cells = xlsx.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        bool Quoted(string reference) => cells[reference].StyleIndex is { } i && formats[(int)i.Value].QuotePrefix?.Value == true;

        Assert.All(FormulaLikeRemarkCells, r => Assert.True(Quoted(r), r));
        Assert.Equal("=1+1", cells["J2"].InlineString!.InnerText);
        Assert.False(Quoted("J6"));
        Assert.False(Quoted("A1"));
        Assert.True(formats[(int)cells["J2"].StyleIndex!.Value].Alignment?.WrapText?.Value, "a quoted remark still wraps");
        Assert.Empty(ValidationErrors(bytes, spreadsheet: true));
    }
}
