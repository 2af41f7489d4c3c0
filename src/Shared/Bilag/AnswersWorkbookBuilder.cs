using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The Excel export (XLSX) for the secretariat's own analysis: one row per municipality × recommendation, every
/// listed municipality (blank status where it has not answered, "Uden status" where it submitted without one),
/// a frozen header row with an autofilter. Printed landscape at full size over two pages across (the columns
/// up to the recommendation's text, then the answer), the header row on every page, each row as tall as its
/// wrapped text: the heights are written, since LibreOffice does not fit rows to wrapped text when it opens a file.
/// Text goes in as inline strings, so a remark that starts with "=" stays text, never a formula. Pure, no I/O.
/// </summary>
public static class AnswersWorkbookBuilder
{
    /// <summary>Excel's limit of characters in one cell.</summary>
    private const int MaxCellText = 32767;

    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint WrapStyle = 3;

    /// <summary>
    /// Text cells that start like a formula (=, +, -, @) carry the quote prefix: the value is an inline string
    /// already, but without the prefix Excel turns the cell into a formula as soon as someone edits it.
    /// </summary>
    private const uint QuotedStyle = 4;
    private const uint QuotedWrapStyle = 5;

    public static string SheetName(int year) => $"Svar {year}";

    /// <summary>The columns; the first eleven are what an import of an earlier year reads (<see cref="YearImport"/>).</summary>
    public static IReadOnlyList<string> Headings(int year) =>
    [
        "År", "Kommunenr.", "Kommune", "Jobcenter", "Område", "Anbefaling", "SKAL/KAN", "Anbefalingstekst",
        "Status", "Bemærkninger", "Indsendt", $"Status {year - 1}", $"Udvikling siden {year - 1}", $"Tekst ændret siden {year - 1}",
    ];

    /// <summary>
    /// Column widths in Excel's units (about one digit of the 11 pt font each, 7 pixels plus 5 per column). A4
    /// landscape within the margins holds about 140 of them at full size, so A–H (133) make the first printed page
    /// and I–N (the answer, 114) the second.
    /// </summary>
    public static readonly IReadOnlyList<double> ColumnWidths = [6, 9, 13, 18, 18, 10, 7, 52, 11, 56, 15, 9, 12, 11];

    /// <summary>The last column of the first printed page (H, the recommendation's text); the answer starts a new page.</summary>
    public const int FirstPageColumns = 8;

    /// <summary>Columns whose text wraps (Område, Anbefalingstekst, Bemærkninger) and so set a row's height.</summary>
    private static readonly int[] WrappedColumns = [4, 7, 9];

    /// <summary>Points per line of the 11 pt font (Excel's default row height).</summary>
    public const double LineHeight = 15;

    public static byte[] Build(BilagInput input)
    {
        var analysis = BilagAnalysis.Of(input);
        var headings = Headings(input.Year);
        var lastRow = 1 + (uint)(analysis.Municipalities.Count * input.Catalogue.AllRecommendations.Count());
        var range = $"A1:{Column(headings.Count - 1)}{lastRow}";
        // Every part but the sheet, through the SDK; the sheet then straight into the finished zip (see StreamedPart).
        using var stream = new MemoryStream();
        Uri sheet;
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = $"Svar på fremdriftsskemaet {input.Year}";
            document.PackageProperties.Creator = "Fremdrift · KKR Hovedstaden";
            var workbookPart = document.AddWorkbookPart();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();

            sheet = sheetPart.Uri;

            var sheetName = SheetName(input.Year);
            workbookPart.Workbook = new Workbook(
                new Sheets(new Sheet { Name = sheetName, SheetId = 1U, Id = workbookPart.GetIdOfPart(sheetPart) }),
                new DefinedNames(
                    new DefinedName($"'{sheetName}'!$A$1:${Column(headings.Count - 1)}${lastRow}")
                    {
                        Name = "_xlnm._FilterDatabase",
                        LocalSheetId = 0U,
                        Hidden = true,
                    },
                    new DefinedName($"'{sheetName}'!$1:$1") { Name = "_xlnm.Print_Titles", LocalSheetId = 0U }));
        }

        return StreamedPart.Package(stream, sheet, sheetStream =>
        {
            // Streamed like the bilag's body (WordKit.Write): each row is written as soon as it is made and then
            // dropped, so the sheet (98 × 60 is 5,881 rows of 13 cells) is never held as one element tree.
            using var writer = OpenXmlWriter.Create(sheetStream);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Worksheet());
            // Printed landscape at full size, the header row repeated on every page (Print_Titles below); no
            // "fit to page", which shrank 13 columns to half-size text (and makes Excel ignore the column break).
            writer.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { TabSelected = true, WorkbookViewId = 0U }));
            writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = LineHeight });
            writer.WriteElement(new Columns(ColumnWidths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })));
            writer.WriteStartElement(new SheetData());
            WriteRows(writer, input, analysis, headings);
            writer.WriteEndElement();
            writer.WriteElement(new AutoFilter { Reference = range });
            writer.WriteElement(new PrintOptions { GridLines = true });
            writer.WriteElement(new PageMargins { Left = 0.4D, Right = 0.4D, Top = 0.6D, Bottom = 0.6D, Header = 0.3D, Footer = 0.3D });
            // Pages across before down: the two halves of the same rows are printed one after the other.
            writer.WriteElement(new PageSetup { PaperSize = 9U, Orientation = OrientationValues.Landscape, Scale = 100U, PageOrder = PageOrderValues.OverThenDown });
            writer.WriteElement(new HeaderFooter(new OddFooter(DocumentText.XmlSafe($"&LSvar på fremdriftsskemaet {input.Year}&RSide &P af &N"))));
            writer.WriteElement(new ColumnBreaks(new Break { Id = FirstPageColumns, Max = 1048575U, ManualPageBreak = true }) { Count = 1U, ManualBreakCount = 1U });
            writer.WriteEndElement();
        });
    }

    /// <summary>The header row, then one row per municipality × recommendation, numbered from 2.</summary>
    private static void WriteRows(OpenXmlWriter writer, BilagInput input, BilagAnalysis analysis, IReadOnlyList<string> headings)
    {
        // "Udvikling siden 2026" and the like wrap in their narrow columns.
        var lines = headings.Select((h, c) => Lines(h, (int)ColumnWidths[c])).Max();
        var header = new Row { RowIndex = 1, Height = lines * LineHeight + 2, CustomHeight = true };
        for (var c = 0; c < headings.Count; c++)
        {
            header.Append(TextCell(c, 1, headings[c], HeaderStyle));
        }

        writer.WriteElement(header);
        uint rowIndex = 1;
        var textChanged = input.Catalogue.AllRecommendations.Select(r => r.Id).Where(analysis.TextChangedSinceLastYear).ToHashSet();
        foreach (var municipality in analysis.Municipalities)
        {
            var submission = analysis.Submission(municipality.MunicipalityCode);
            foreach (var area in input.Catalogue.Areas)
            {
                foreach (var recommendation in area.Recommendations)
                {
                    rowIndex++;
                    var cell = analysis.Cell(municipality.MunicipalityCode, recommendation.Id);
                    var row = new Row { RowIndex = rowIndex, Height = RowHeight([area.Title, recommendation.Text, cell.Remark]), CustomHeight = true };
                    row.Append(
                        NumberCell(0, rowIndex, input.Year),
                        NumberCell(1, rowIndex, municipality.MunicipalityCode),
                        TextCell(2, rowIndex, municipality.Municipality),
                        TextCell(3, rowIndex, municipality.Name),
                        TextCell(4, rowIndex, area.Title, WrapStyle),
                        TextCell(5, rowIndex, recommendation.Id),
                        TextCell(6, rowIndex, DocumentText.Obligation(recommendation.Obligation)),
                        TextCell(7, rowIndex, recommendation.Text, WrapStyle),
                        TextCell(8, rowIndex, cell.Answered ? cell.Status.Heading : ""),
                        TextCell(9, rowIndex, cell.Remark, WrapStyle),
                        submission?.SubmittedAt is { } at ? DateCell(10, rowIndex, at) : TextCell(10, rowIndex, ""),
                        TextCell(11, rowIndex, cell.LastYear?.Danish() ?? ""),
                        TextCell(12, rowIndex, DocumentText.ChangeWord(cell.Change)),
                        TextCell(13, rowIndex, textChanged.Contains(recommendation.Id) ? "Ja" : ""));
                    writer.WriteElement(row);
                }
            }
        }
    }

    /// <summary>
    /// The height (points) of a row whose wrapped cells hold <paramref name="wrapped"/> (in <see cref="WrappedColumns"/>
    /// order): the most lines any of them needs, word-wrapped at one character per width unit. A width unit is a
    /// digit of the 11 pt font, wider than the average letter (Excel fits about 1.15 letters per unit, LibreOffice
    /// about 1.05), so the estimate errs towards a row too tall rather than text cut off.
    /// </summary>
    public static double RowHeight(IReadOnlyList<string?> wrapped)
    {
        var lines = 1;
        for (var i = 0; i < wrapped.Count; i++)
        {
            lines = Math.Max(lines, Lines(DocumentText.XmlSafe(wrapped[i]), (int)ColumnWidths[WrappedColumns[i]]));
        }

        return lines * LineHeight + 2;
    }

    /// <summary>How many lines <paramref name="text"/> takes when its words are wrapped at <paramref name="perLine"/> characters.</summary>
    public static int Lines(string text, int perLine)
    {
        var lines = 0;
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            lines++;
            var used = 0;
            foreach (var word in paragraph.Split(' '))
            {
                var length = word.Length;
                if (used > 0 && used + 1 + length > perLine)
                {
                    lines++;
                    used = 0;
                }

                used += (used > 0 ? 1 : 0) + length;
                while (used > perLine)
                {
                    // A word longer than a line breaks inside the word.
                    lines++;
                    used -= perLine;
                }
            }
        }

        return Math.Max(1, lines);
    }

    private static Cell TextCell(int column, uint row, string? text, uint style = 0)
    {
        var safe = DocumentText.XmlSafe(text);
        if (safe.Length > MaxCellText)
        {
            safe = safe[..(MaxCellText - 1)] + "…";
        }

        var cell = new Cell
        {
            CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture),
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(safe) { Space = SpaceProcessingModeValues.Preserve }),
        };
        if (safe.Length > 0 && safe[0] is '=' or '+' or '-' or '@')
        {
            style = style == WrapStyle ? QuotedWrapStyle : QuotedStyle;
        }

        // Written even for the default style: LibreOffice reads a cell without one as unstyled (bottom-aligned).
        cell.StyleIndex = style;
        return cell;
    }

    private static Cell NumberCell(int column, uint row, int value) => new()
    {
        StyleIndex = 0U,
        CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture),
        CellValue = new CellValue(value),
    };

    /// <summary>A date as Excel's serial number in Danish local time, shown as "yyyy-mm-dd hh:mm".</summary>
    private static Cell DateCell(int column, uint row, DateTimeOffset at) => new()
    {
        CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture),
        CellValue = new CellValue(DanishDates.ToCopenhagen(at).DateTime.ToOADate()),
        StyleIndex = DateStyle,
    };

    private static string Column(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164U, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1U },
        new Fonts(
            new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }))
        { Count = 2U },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
        // Every cell at the top of its row, so a row made tall by a wrapped text reads from its first line.
        new CellFormats(
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 1U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyFont = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true, QuotePrefix = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true, QuotePrefix = true })
        { Count = 6U },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
}
