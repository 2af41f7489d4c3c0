using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using static Fremdrift.Tests.Bilag.BilagTestData;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// The bilag is published on municipal portals, where accessibility rules apply to documents: checked over the
/// document's XML, one rule per test, on a bilag with two earlier years (so both charts are there).
/// </summary>
public class BilagAccessibilityTests
{
    private static byte[] Bilag() => BilagBuilder.Build(Input() with { EarlierYears = EarlierYears() });

    [Fact]
    public void Document_language_is_danish_in_the_core_properties_and_the_default_run_language()
    {
        using var stream = new MemoryStream(Bilag());
        using var document = WordprocessingDocument.Open(stream, false);

        Assert.Equal("da-DK", document.PackageProperties.Language);
        var defaults = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("da-DK", defaults.GetFirstChild<Languages>()!.Val!.Value);
    }

    [Fact]
    public void Document_has_its_title_in_the_core_properties()
    {
        using var stream = new MemoryStream(Bilag());
        using var document = WordprocessingDocument.Open(stream, false);

        Assert.Equal(DocumentText.BilagTitle(Year), document.PackageProperties.Title);
    }

    [Fact]
    public void Sections_start_with_real_heading_styles_that_carry_an_outline_level()
    {
        using var stream = new MemoryStream(Bilag());
        using var document = WordprocessingDocument.Open(stream, false);
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        var headings = document.MainDocumentPart.Document.Body!.Elements<Paragraph>()
            .Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, Text: DocxReader.Text(p)))
            .Where(p => p.Style?.StartsWith("Heading", StringComparison.Ordinal) == true)
            .ToList();

        Assert.Contains(headings, h => h.Style == "Heading1" && h.Text.StartsWith("Oversigt", StringComparison.Ordinal));
        Assert.Contains(headings, h => h.Style == "Heading1" && h.Text == BilagBuilder.TrendHeading);
        Assert.Contains(headings, h => h.Style == "Heading1" && h.Text == "Status og bemærkninger pr. anbefaling");
        Assert.Contains(headings, h => h.Style == "Heading2" && h.Text == BilagBuilder.CountsCaption);
        Assert.Equal(16, headings.Count(h => h.Style == "Heading3"));
        foreach (var (style, level) in new[] { ("Heading1", 0), ("Heading2", 1), ("Heading3", 2) })
        {
            Assert.Equal(level, styles[style].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
            Assert.Equal($"heading {level + 1}", styles[style].StyleName!.Val!.Value);
        }
    }

    [Fact]
    public void Every_table_has_a_caption_and_a_first_row_marked_as_a_repeating_header_row()
    {
        using var docx = new DocxReader(Bilag());
        var tables = docx.Body.Descendants<Table>().ToList();

        Assert.Equal(4 + 16, tables.Count);
        Assert.All(tables, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.GetFirstChild<TableProperties>()!.GetFirstChild<TableCaption>()?.Val?.Value));
            Assert.NotNull(t.Elements<TableRow>().First().TableRowProperties!.GetFirstChild<TableHeader>());
        });
    }

    [Fact]
    public void Every_chart_is_a_real_word_chart_with_its_data_and_an_alternative_text_that_states_the_numbers()
    {
        var bytes = Bilag();
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var main = document.MainDocumentPart!;
        var drawings = main.Document.Body!.Descendants<DW.Inline>().ToList();

        Assert.Equal(2, drawings.Count);
        Assert.All(drawings, d =>
        {
            var properties = d.DocProperties!;
            Assert.False(string.IsNullOrWhiteSpace(properties.Description?.Value));
            Assert.Contains("Grøn", properties.Description!.Value!);
            var chartId = d.Descendants<C.ChartReference>().Single().Id!.Value!;
            var chart = (ChartPart)main.GetPartById(chartId);
            Assert.NotNull(chart.ChartSpace.GetFirstChild<C.Chart>());
            var external = chart.ChartSpace.GetFirstChild<C.ExternalData>()!;
            Assert.IsType<EmbeddedPackagePart>(chart.GetPartById(external.Id!.Value!));
        });
        var thisYear = (ChartPart)main.GetPartById(drawings[0].Descendants<C.ChartReference>().Single().Id!.Value!);
        var grøn = thisYear.ChartSpace.Descendants<C.BarChartSeries>().First();
        var v1 = TestCatalogue.AllRecommendations.First();
        var expectedGroen = TestDirectory.Count(j => !Missing.Contains(j.MunicipalityCode) && ExpectedRating(j.MunicipalityCode, v1, 0) == Rating.Groen);
        Assert.Equal(expectedGroen.ToString(System.Globalization.CultureInfo.InvariantCulture), grøn.Descendants<C.NumericPoint>().First().InnerText);
        Assert.Contains($"V1: Grøn {expectedGroen},", drawings[0].DocProperties!.Description!.Value!);
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void No_information_by_colour_alone_every_shaded_cell_has_text_and_every_chart_series_a_label_and_a_pattern_or_outline()
    {
        var bytes = Bilag();
        using var docx = new DocxReader(bytes);
        var shaded = docx.Body.Descendants<TableCell>().Where(c => DocxReader.Fill(c) is { } fill && fill != "D9E2F3" && fill != "BDD7EE").ToList();

        Assert.NotEmpty(shaded);
        Assert.All(shaded, c => Assert.False(string.IsNullOrWhiteSpace(DocxReader.Text(c))));

        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var series = document.MainDocumentPart!.ChartParts.SelectMany(p => p.ChartSpace.Descendants<C.BarChartSeries>()).ToList();
        Assert.Equal(12, series.Count);
        Assert.All(series, s =>
        {
            Assert.True(s.GetFirstChild<C.DataLabels>()!.GetFirstChild<C.ShowValue>()!.Val!.Value);
            Assert.NotNull(s.GetFirstChild<C.ChartShapeProperties>()!.GetFirstChild<DocumentFormat.OpenXml.Drawing.Outline>());
        });
        Assert.All(document.MainDocumentPart.ChartParts, p => Assert.NotNull(p.ChartSpace.Descendants<C.Legend>().SingleOrDefault()));
        // Grøn, Gul, Rød and Ikke relevant differ by pattern as well as by colour.
        var fills = series.Take(4).Select(s => s.GetFirstChild<C.ChartShapeProperties>()!.FirstChild!.OuterXml).ToList();
        Assert.Equal(4, fills.Distinct().Count());
        Assert.Equal(3, series.Take(4).Count(s => s.GetFirstChild<C.ChartShapeProperties>()!.GetFirstChild<DocumentFormat.OpenXml.Drawing.PatternFill>() is not null));
    }

    [Fact]
    public void A_sample_bilag_with_trend_is_written_for_rendering_and_is_valid()
    {
        // Written to the temp folder so docs/ pictures can be rendered from it (soffice --convert-to pdf, pdftoppm).
        // FREMDRIFT_SAMPLES names another folder (several sessions on one machine share the temp folder).
        // 2026 asked V2 in other words than 2025 and 2027, so the trend shows how a changed text is marked.
        var earlier = EarlierYears().Select(y => y.Year != 2026 ? y : y with
        {
            Texts = y.Texts!.ToDictionary(t => t.Key, t => t.Key == "V2" ? "Alle kommuner skal overveje et samarbejde om arbejdskraft." : t.Value),
        }).ToList();
        var bytes = BilagBuilder.Build(Input() with { EarlierYears = earlier });
        var folder = Directory.CreateDirectory(Environment.GetEnvironmentVariable("FREMDRIFT_SAMPLES") is { Length: > 0 } named
            ? named
            : Path.Combine(Path.GetTempPath(), "fremdrift-samples")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "bilag-2027.docx"), bytes);
        File.WriteAllBytes(Path.Combine(folder, "svar-2027.xlsx"), AnswersWorkbookBuilder.Build(Input()));
        // The first year (no earlier year stored, no trend section), with the two longest names not answering.
        var firstYear = BilagBuilder.Build(Input(withLastYear: false, tweak: list => list.RemoveAll(s => s.MunicipalityCode is 169 or 173)));
        File.WriteAllBytes(Path.Combine(folder, "bilag-2027-foerste-aar.docx"), firstYear);
        var own = MunicipalityFormBuilder.Build(new MunicipalityFormInput(
            Year, TestCatalogue, TestDirectory.Single(j => j.MunicipalityCode == 101), Input().ThisYear.Single(s => s.MunicipalityCode == 101), GeneratedAt));
        File.WriteAllBytes(Path.Combine(folder, "eget-skema-koebenhavn-2027.docx"), own);
        Assert.Empty(ValidationErrors(bytes));
        Assert.Empty(ValidationErrors(firstYear));
        Assert.Empty(ValidationErrors(own));
    }

    /// <summary>Two earlier years counted the way the cycle documents count them: 2025 with few answers, 2026 with most.</summary>
    internal static IReadOnlyList<TrendYear> EarlierYears()
    {
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        TrendYear YearOf(int year, Func<int, int, Rating?> rating) => TrendYear.Of(
            year,
            TestCatalogue.ForYear(year),
            TestDirectory,
            TestDirectory.Where(j => j.MunicipalityCode % 3 != year % 3)
                .Select(j => new SubmittedAnswers(
                    j.MunicipalityCode,
                    recommendations.Select((r, i) => new Answer(r.Id, rating(j.MunicipalityCode, i), "")).ToList(),
                    null,
                    null))
                .ToList());
        return
        [
            YearOf(2025, (code, i) => (Rating)((code + i) % 3 == 0 ? 2 : 1)),
            YearOf(2026, (code, i) => (Rating)((code + 2 * i) % 3)),
        ];
    }
}
