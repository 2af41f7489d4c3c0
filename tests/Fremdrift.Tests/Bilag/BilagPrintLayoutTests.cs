using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using static Fremdrift.Tests.Bilag.BilagTestData;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// How the documents read on paper, checked over their XML: what a bilag without earlier years says, rows and
/// headings that stay together across pages, overview headers that fit their rotated cells, a clean legend, a
/// recommendation whose text changed under the same id, and the Excel export's print setup and row heights.
/// (They are also rendered with LibreOffice for a look; see docs/documents.md.)
/// </summary>
public class BilagPrintLayoutTests
{
    [Fact]
    public void Without_an_earlier_year_the_bilag_leaves_the_trend_out_and_says_so_in_one_sentence_for_politicians()
    {
        var bytes = BilagBuilder.Build(Input(withLastYear: false));
        using var docx = new DocxReader(bytes);

        Assert.DoesNotContain(BilagBuilder.TrendHeading, docx.Paragraphs);
        Assert.DoesNotContain(docx.Body.Descendants<TableCaption>(), c => c.Val == BilagBuilder.TrendCaption);
        Assert.Single(docx.Body.Descendants<DocumentFormat.OpenXml.Drawing.Charts.ChartReference>());
        Assert.Contains(docx.Paragraphs, p => p.Contains(BilagBuilder.NoEarlierYears(Year), StringComparison.Ordinal));
        // Nothing addressed to the secretariat (importing earlier years is done on its pages, not read by politicians).
        Assert.DoesNotContain("indlæs", docx.MainXml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sekretariat", docx.MainXml, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(ValidationErrors(bytes));
    }

    [Fact]
    public void With_earlier_years_the_trend_section_and_its_chart_are_there()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input() with { EarlierYears = BilagAccessibilityTests.EarlierYears() }));

        Assert.Contains(BilagBuilder.TrendHeading, docx.Paragraphs);
        Assert.Equal(2, docx.Body.Descendants<DocumentFormat.OpenXml.Drawing.Charts.ChartReference>().Count());
        Assert.DoesNotContain(docx.Paragraphs, p => p.Contains(BilagBuilder.NoEarlierYears(Year), StringComparison.Ordinal));
    }

    [Fact]
    public void No_table_row_splits_across_pages_and_every_heading_keeps_with_what_follows()
    {
        var bytes = BilagBuilder.Build(Input() with { EarlierYears = BilagAccessibilityTests.EarlierYears() });
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document.Body!;

        Assert.All(body.Descendants<TableRow>(), r => Assert.NotNull(r.TableRowProperties?.GetFirstChild<CantSplit>()));
        var headingStyles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>()
            .Where(s => s.StyleId!.Value!.StartsWith("Heading", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(headingStyles);
        Assert.All(headingStyles, s => Assert.NotNull(s.StyleParagraphProperties?.GetFirstChild<KeepNext>()));

        // A recommendation's heading, its counts line (and a text-changed note) keep with its table.
        foreach (var table in body.Elements<Table>().Where(t => Caption(t).StartsWith("Status og bemærkninger ", StringComparison.Ordinal)))
        {
            var before = table.ElementsBefore().OfType<Paragraph>().Last();
            Assert.NotNull(before.ParagraphProperties?.GetFirstChild<KeepNext>());
            var id = Caption(table)["Status og bemærkninger ".Length..];
            var heading = table.ElementsBefore().OfType<Paragraph>().Last(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "Heading3");
            Assert.StartsWith(id + " ", DocxReader.Text(heading), StringComparison.Ordinal);
            Assert.All(heading.ElementsAfter().TakeWhile(e => e != table).OfType<Paragraph>(), p => Assert.NotNull(p.ParagraphProperties?.GetFirstChild<KeepNext>()));
        }
    }

    /// <summary>0.55 em of 7 pt per character: about the widest average of Calibri and the fonts that stand in for it.</summary>
    private const double TwipsPerCharacter = 7 * 20 * 0.55;

    [Fact]
    public void Overview_headers_are_written_in_full_and_their_row_is_tall_enough_for_the_longest_rotated_name()
    {
        // The two longest names in the region do not answer: "Lyngby-Taarbæk (ikke svaret)", "Høje-Taastrup (ikke svaret)".
        var input = Input(tweak: list => list.RemoveAll(s => s.MunicipalityCode is 169 or 173));
        var bytes = BilagBuilder.Build(input);
        using var docx = new DocxReader(bytes);
        var header = docx.TableByCaption(BilagBuilder.OverviewCaption).Elements<TableRow>().First();
        var cells = header.Elements<TableCell>().Skip(1).ToList();

        var texts = cells.Select(DocxReader.Text).ToList();
        Assert.Contains("Høje-Taastrup (ikke svaret)", texts);
        Assert.Contains("Lyngby-Taarbæk (ikke svaret)", texts);
        Assert.Equal(TestDirectory.Count, texts.Count);
        Assert.All(texts, t => Assert.DoesNotContain("…", t));
        Assert.All(cells, c => Assert.Equal(TextDirectionValues.BottomToTopLeftToRight, c.TableCellProperties!.TextDirection!.Val!.Value));

        var height = header.TableRowProperties!.GetFirstChild<TableRowHeight>()!;
        Assert.Equal(HeightRuleValues.AtLeast, height.HeightType!.Value);
        var longest = texts.Max(t => t.Length);
        Assert.True(height.Val!.Value >= longest * TwipsPerCharacter + 2 * 20, $"header row {height.Val.Value} twips for {longest} characters");
        // …and no taller than it needs: a landscape page still has room for the rows below it.
        Assert.True(height.Val.Value < 3000, $"header row {height.Val.Value} twips");

        // With everybody answering, the row is only as tall as the longest plain name.
        using var all = new DocxReader(BilagBuilder.Build(Input(tweak: list => { })));
        var allHeight = all.TableByCaption(BilagBuilder.OverviewCaption).Elements<TableRow>().First().TableRowProperties!.GetFirstChild<TableRowHeight>()!.Val!.Value;
        Assert.True(allHeight < height.Val.Value);
    }

    [Fact]
    public void The_legend_above_the_overview_names_each_mark_once_without_a_doubled_dot()
    {
        using var docx = new DocxReader(BilagBuilder.Build(Input()));
        var legend = docx.Paragraphs.Single(p => p.StartsWith(StatusColumn.Groen.Mark + " = ", StringComparison.Ordinal));

        Assert.DoesNotContain("· ·", legend);
        Assert.Contains("· = Ikke svaret", legend);
        Assert.All(StatusColumn.All, c => Assert.Contains($"{c.Mark} = {c.Heading}", legend));
        Assert.Equal(StatusColumn.All.Count, legend.Split("; ").Length);
    }

    [Fact]
    public void Every_status_column_of_the_legend_the_counts_and_the_charts_comes_from_one_description()
    {
        var bytes = BilagBuilder.Build(Input() with { EarlierYears = BilagAccessibilityTests.EarlierYears() });
        using var docx = new DocxReader(bytes);
        var legend = DocxReader.Rows(docx.TableByCaption("Signaturforklaring")).Skip(1).ToList();
        var counts = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption));

        Assert.Equal(StatusColumn.All.Select(c => c.Mark), legend.Select(r => DocxReader.Text(r[0])));
        Assert.Equal(StatusColumn.All.Select(c => c.Fill), legend.Select(r => DocxReader.Fill(r[0])));
        Assert.Equal(StatusColumn.All.Select(c => c.Heading), counts[0].Skip(1).Take(StatusColumn.All.Count).Select(DocxReader.Text));
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        foreach (var chart in document.MainDocumentPart!.ChartParts)
        {
            var series = chart.ChartSpace.Descendants<DocumentFormat.OpenXml.Drawing.Charts.BarChartSeries>().ToList();
            Assert.Equal(StatusColumn.All.Select(c => c.Heading), series.Select(s => s.GetFirstChild<DocumentFormat.OpenXml.Drawing.Charts.SeriesText>()!.Descendants<DocumentFormat.OpenXml.Drawing.Charts.NumericValue>().Single().Text));
            Assert.Equal(
                StatusColumn.All.Select(c => c.ChartColour),
                series.Select(s => s.Descendants<DocumentFormat.OpenXml.Drawing.RgbColorModelHex>().Select(h => h.Val!.Value!).First(v => v != "000000")));
        }
    }

    [Fact]
    public void The_status_of_a_cell_is_counted_under_exactly_one_column()
    {
        Assert.Equal(StatusColumn.WithoutStatus, StatusColumn.Of(answered: true, null));
        Assert.Equal(StatusColumn.NotAnswered, StatusColumn.Of(answered: false, null));
        foreach (var rating in Enum.GetValues<Rating>())
        {
            var column = StatusColumn.Of(rating);
            Assert.Equal(rating, column.Rating);
            Assert.Equal(rating.Danish(), column.Heading);
        }

        Assert.Equal(Enum.GetValues<CellStatus>(), StatusColumn.All.Select(c => c.Status));
        Assert.Equal(StatusColumn.All.Count, StatusColumn.All.Select(c => c.Mark).Distinct().Count());
    }

    /// <summary>2026 asked V2 with another wording than 2027 (same id): a comparison the reader must be told about.</summary>
    private static BilagInput InputWithRewordedV2()
    {
        var earlier = BilagAccessibilityTests.EarlierYears().ToList();
        var y2026 = earlier.Single(y => y.Year == 2026);
        earlier[earlier.IndexOf(y2026)] = y2026 with
        {
            Texts = y2026.Texts!.ToDictionary(t => t.Key, t => t.Key == "V2" ? "Alle kommuner skal overveje samarbejde om arbejdskraft." : t.Value),
        };
        return Input() with { EarlierYears = earlier };
    }

    [Fact]
    public void A_text_changed_under_the_same_id_is_marked_in_the_trend_the_counts_and_the_year_over_year_column()
    {
        var bytes = BilagBuilder.Build(InputWithRewordedV2());
        using var docx = new DocxReader(bytes);

        var trend = DocxReader.Rows(docx.TableByCaption(BilagBuilder.TrendCaption)).Skip(1).ToDictionary(r => DocxReader.Text(r[0]).Split(' ')[0]);
        // 2026 worded it differently from 2025, and 2027 from 2026: both years are marked, each with its note.
        Assert.Equal(["2025", "2026" + BilagBuilder.TextChangedMark, "2027" + BilagBuilder.TextChangedMark], DocxReader.Text(trend["V2"][1]).Split('\n'));
        Assert.Contains(BilagBuilder.TextChangedNote(2026, 2025), DocxReader.Text(trend["V2"][0]));
        Assert.Contains(BilagBuilder.TextChangedNote(2027, 2026), DocxReader.Text(trend["V2"][0]));
        Assert.All(trend.Where(t => t.Key != "V2"), t => Assert.DoesNotContain("*", DocxReader.Text(t.Value[0]) + DocxReader.Text(t.Value[1])));

        var counts = DocxReader.Rows(docx.TableByCaption(BilagBuilder.CountsCaption)).Where(r => r.Count > 1).Skip(1).ToDictionary(r => DocxReader.Text(r[0]).Split(' ')[0]);
        Assert.EndsWith(BilagBuilder.TextChangedMark, DocxReader.Text(counts["V2"][0]));
        Assert.Single(counts, c => DocxReader.Text(c.Value[0]).EndsWith(BilagBuilder.TextChangedMark, StringComparison.Ordinal));
        Assert.Contains(docx.Paragraphs, p => p.StartsWith("* Teksten er ændret siden 2026.", StringComparison.Ordinal));

        var v2 = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V2")));
        Assert.Equal("Udvikling siden 2026 (teksten er ændret)", DocxReader.Text(v2[1][2]));
        Assert.Equal("Udvikling siden 2026", DocxReader.Text(DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")))[1][2]));
        Assert.Empty(ValidationErrors(bytes));

        // The Excel export says it in its own column, for V2's rows only.
        using var xlsx = new MemoryStream(AnswersWorkbookBuilder.Build(InputWithRewordedV2()));
        using var workbook = SpreadsheetDocument.Open(xlsx, false);
        var rows = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<X.Row>()
            .Select(r => r.Elements<X.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray()).ToList();
        Assert.Equal("Tekst ændret siden 2026", rows[0][13]);
        Assert.All(rows.Skip(1), r => Assert.Equal(r[5] == "V2" ? "Ja" : "", r[13]));
    }

    [Fact]
    public void Without_earlier_texts_nothing_is_marked_as_changed()
    {
        var earlier = BilagAccessibilityTests.EarlierYears().Select(y => y with { Texts = null }).ToList();
        using var docx = new DocxReader(BilagBuilder.Build(Input() with { EarlierYears = earlier }));

        Assert.DoesNotContain("teksten er ændret", docx.MainXml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_excel_export_prints_landscape_at_full_size_two_pages_across_with_the_header_row_on_every_page()
    {
        var bytes = AnswersWorkbookBuilder.Build(Input());
        using var stream = new MemoryStream(bytes);
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;

        // No "fit to one page wide": that printed 13 columns at about half size.
        Assert.False(sheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value ?? false);
        var setup = sheet.GetFirstChild<X.PageSetup>()!;
        Assert.Equal(X.OrientationValues.Landscape, setup.Orientation!.Value);
        Assert.Equal(9U, setup.PaperSize!.Value);
        Assert.Equal(100U, setup.Scale?.Value ?? 100U);
        Assert.Equal(X.PageOrderValues.OverThenDown, setup.PageOrder!.Value);
        var titles = workbook.WorkbookPart.Workbook.DefinedNames!.Elements<X.DefinedName>().Single(d => d.Name == "_xlnm.Print_Titles");
        Assert.Equal("'Svar 2027'!$1:$1", titles.Text);

        // The answer starts a new page after the recommendation's text (column H), and each half fits an A4
        // landscape page within its margins at full size: Excel draws a column 7 pixels per width unit plus 5.
        var columnBreak = Assert.Single(sheet.GetFirstChild<X.ColumnBreaks>()!.Elements<X.Break>());
        Assert.Equal(8U, columnBreak.Id!.Value);
        var margins = sheet.GetFirstChild<X.PageMargins>()!;
        var pagePixels = (11.69 - margins.Left!.Value - margins.Right!.Value) * 96;
        var widths = sheet.GetFirstChild<X.Columns>()!.Elements<X.Column>().Select(c => c.Width!.Value).ToList();
        Assert.Equal(14, widths.Count);
        Assert.True(widths.Take(8).Sum(w => w * 7 + 5) <= pagePixels, "columns A–H are wider than the page");
        Assert.True(widths.Skip(8).Sum(w => w * 7 + 5) <= pagePixels, "columns I–N are wider than the page");

        // Text at the workbook's normal 11 pt.
        var fonts = workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet!.Fonts!.Elements<X.Font>();
        Assert.All(fonts, f => Assert.Equal(11D, f.FontSize!.Val!.Value));
        Assert.Empty(ValidationErrors(bytes, spreadsheet: true));
    }

    [Fact]
    public void Every_excel_row_is_tall_enough_for_its_wrapped_text_since_libreoffice_does_not_fit_rows_on_open()
    {
        var longRemark = string.Join(" ", Enumerable.Repeat("Vi har holdt møder med virksomhederne og nabokommunerne.", 12)) + "\nNy linje.\nEndnu en.";
        var bytes = AnswersWorkbookBuilder.Build(Input(tweak: list => list[0] = list[0] with
        {
            Answers = list[0].Answers.Select((a, i) => i == 0 ? a with { Remark = longRemark } : a).ToList(),
        }));
        using var stream = new MemoryStream(bytes);
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var widths = sheet.GetFirstChild<X.Columns>()!.Elements<X.Column>().Select(c => c.Width!.Value).ToList();
        var wrapStyles = workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<X.CellFormat>()
            .Select((f, i) => (f, i)).Where(x => x.f.Alignment?.WrapText?.Value == true).Select(x => (uint)x.i).ToHashSet();

        var rows = sheet.Descendants<X.Row>().ToList();
        Assert.All(rows, row =>
        {
            Assert.True(row.CustomHeight?.Value, $"row {row.RowIndex} has no height of its own");
            foreach (var cell in row.Elements<X.Cell>().Where(c => c.StyleIndex is not null && wrapStyles.Contains(c.StyleIndex.Value)))
            {
                // A lower bound that needs no font: at least one line per explicit line, and per 1.2 characters
                // per width unit (narrow letters fit more than one character in a unit, never 1.2 on average).
                var column = ColumnIndex(cell.CellReference!.Value!);
                var text = cell.InlineString!.InnerText;
                var lines = text.Split('\n').Sum(l => Math.Max(1, (int)Math.Ceiling(l.Length / (widths[column] * 1.2))));
                Assert.True(row.Height!.Value >= lines * 15, $"row {row.RowIndex}: {row.Height.Value} pt for {lines} lines in column {column + 1}");
            }
        });
        var tallest = rows.Skip(1).Max(r => r.Height!.Value);
        Assert.Equal(tallest, rows[1].Height!.Value);
        Assert.True(rows[1].Height!.Value >= 15 * 14, $"the long remark's row is {rows[1].Height!.Value} pt");
    }

    private static int ColumnIndex(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;

    private static string Caption(Table table) => table.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value ?? "";
}
