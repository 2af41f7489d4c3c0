using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// Small builders for WordprocessingML that keep the schema's element order (the validator and Word both
/// care), so the document builders read as content, not XML plumbing. Typed text always goes in as
/// <see cref="Text"/> runs: nothing a chief writes is ever interpreted as markup.
/// </summary>
internal static class WordKit
{
    /// <summary>A4 in twentieths of a point.</summary>
    public const int A4Short = 11906;
    public const int A4Long = 16838;
    public const int PortraitMargin = 1134;
    public const int LandscapeMargin = 720;
    public const int PortraitWidth = A4Short - 2 * PortraitMargin;
    public const int LandscapeWidth = A4Long - 2 * LandscapeMargin;

    public sealed record Look(bool Bold = false, bool Italic = false, int? HalfPoints = null, string? Color = null);

    public static readonly Look Plain = new();

    /// <summary>Writes a document whose body adds no parts of its own (no charts); see the overload.</summary>
    public static byte[] Write(string title, string headerText, bool headerIsWarning, Action<BodyWriter, SectionFactory> content) =>
        Write(title, headerText, headerIsWarning, _ => 0, (body, sections, _) => content(body, sections));

    /// <summary>
    /// Writes a document with styles, a header on every page and a footer with page numbers. The body is
    /// streamed: each block <paramref name="content"/> appends (a paragraph, a whole table) is written to the
    /// main document part as XML at once and then dropped, so only one block's element tree is ever in memory,
    /// never the whole document's (a bilag for 98 municipalities × 60 recommendations has about 40,000 cells).
    /// Parts the body refers to (charts) are added by <paramref name="addParts"/> before the body is written, and
    /// what it returns is handed to <paramref name="content"/>.
    /// </summary>
    public static byte[] Write<TParts>(string title, string headerText, bool headerIsWarning, Func<MainDocumentPart, TParts> addParts, Action<BodyWriter, SectionFactory, TParts> content)
    {
        // Every part but the body, through the SDK; the body then straight into the finished zip (see StreamedPart).
        using var frame = new MemoryStream();
        TParts parts;
        SectionFactory sections;
        Uri body;
        using (var document = WordprocessingDocument.Create(frame, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Fremdrift · KKR Hovedstaden";
            document.PackageProperties.Language = "da-DK";
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();

            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Right }),
                TextRun(headerText, headerIsWarning ? new Look(Bold: true, HalfPoints: 20, Color: "C00000") : new Look(HalfPoints: 16, Color: "595959"))));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                TextRun("Side ", new Look(HalfPoints: 16)),
                Field(" PAGE ", "1"),
                TextRun(" af ", new Look(HalfPoints: 16)),
                Field(" NUMPAGES ", "1")));

            parts = addParts(main);
            sections = new SectionFactory(main.GetIdOfPart(header), main.GetIdOfPart(footer));
            body = main.Uri;
        }

        return StreamedPart.Package(frame, body, stream =>
        {
            using var writer = OpenXmlWriter.Create(stream);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Document(), [], BodyNamespaces);
            writer.WriteStartElement(new Body());
            content(new BodyWriter(writer), sections, parts);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>The prefixes the body uses, declared once on the root instead of on every drawing.</summary>
    private static readonly KeyValuePair<string, string>[] BodyNamespaces =
    [
        new("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        new("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        new("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        new("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
        new("c", "http://schemas.openxmlformats.org/drawingml/2006/chart"),
    ];

    /// <summary>
    /// The document's body as it is being written: <see cref="Append"/> writes a finished block (paragraph, table,
    /// section properties) to the part and keeps nothing, so a block cannot be changed after it is appended.
    /// </summary>
    public sealed class BodyWriter(OpenXmlWriter writer)
    {
        public void Append(OpenXmlElement block) => writer.WriteElement(block);
    }

    /// <summary>Section properties that carry the header and footer into every section.</summary>
    public sealed class SectionFactory(string headerId, string footerId)
    {
        public SectionProperties Create(bool landscape) => new(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = headerId },
            new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
            landscape
                ? new PageSize { Width = A4Long, Height = A4Short, Orient = PageOrientationValues.Landscape }
                : new PageSize { Width = A4Short, Height = A4Long },
            landscape
                ? new PageMargin { Top = LandscapeMargin, Right = LandscapeMargin, Bottom = LandscapeMargin, Left = LandscapeMargin, Header = 360, Footer = 360, Gutter = 0 }
                : new PageMargin { Top = PortraitMargin, Right = PortraitMargin, Bottom = PortraitMargin, Left = PortraitMargin, Header = 567, Footer = 567, Gutter = 0 });

        /// <summary>Ends the section so far (a section break) with the given orientation.</summary>
        public Paragraph Break(bool landscape) => new(new ParagraphProperties(Create(landscape)));
    }

    public static Paragraph Para(string text, Look? style = null, string? styleId = null, JustificationValues? justify = null, int? spacingAfter = null, bool keepNext = false) =>
        Para([TextRun(text, style ?? Plain)], styleId, justify, spacingAfter, keepNext);

    public static Paragraph Para(IEnumerable<Run> runs, string? styleId = null, JustificationValues? justify = null, int? spacingAfter = null, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (styleId is not null)
        {
            properties.Append(new ParagraphStyleId { Val = styleId });
        }

        if (keepNext)
        {
            properties.Append(new KeepNext());
        }

        if (spacingAfter is not null)
        {
            properties.Append(new SpacingBetweenLines { Before = "0", After = spacingAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        if (justify is not null)
        {
            properties.Append(new Justification { Val = justify.Value });
        }

        var paragraph = new Paragraph();
        if (properties.HasChildren)
        {
            paragraph.Append(properties);
        }

        paragraph.Append(runs);
        return paragraph;
    }

    /// <summary>A run of typed text: line breaks become breaks, tabs become tabs, nothing else is special.</summary>
    public static Run TextRun(string? text, Look style)
    {
        var run = new Run();
        var properties = RunProperties(style);
        if (properties is not null)
        {
            run.Append(properties);
        }

        var lines = DocumentText.Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            var parts = lines[i].Split('\t');
            for (var p = 0; p < parts.Length; p++)
            {
                if (p > 0)
                {
                    run.Append(new TabChar());
                }

                if (parts[p].Length > 0)
                {
                    run.Append(new Text(parts[p]) { Space = SpaceProcessingModeValues.Preserve });
                }
            }
        }

        return run;
    }

    private static RunProperties? RunProperties(Look style)
    {
        if (style == Plain)
        {
            return null;
        }

        // Schema order: b, i, color, sz, szCs.
        var properties = new RunProperties();
        if (style.Bold)
        {
            properties.Append(new Bold());
        }

        if (style.Italic)
        {
            properties.Append(new Italic());
        }

        if (style.Color is not null)
        {
            properties.Append(new Color { Val = style.Color });
        }

        if (style.HalfPoints is not null)
        {
            var size = style.HalfPoints.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            properties.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size });
        }

        return properties;
    }

    private static SimpleField Field(string instruction, string placeholder) =>
        new(TextRun(placeholder, new Look(HalfPoints: 16))) { Instruction = instruction };

    /// <summary>A fixed-layout table with thin borders, a caption (for screen readers and for finding it again) and the given column widths.</summary>
    public static Table Table(string caption, IReadOnlyList<int> widths)
    {
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = widths.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new RightBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" }),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TopMargin { Width = "20", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 50, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "20", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 50, Type = TableWidthValues.Dxa }),
                new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = true, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true },
                new TableCaption { Val = caption }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        return table;
    }

    /// <summary>A row; a header row repeats on every page the table spans and never splits.</summary>
    public static TableRow Row(bool header = false, int? minHeight = null)
    {
        var properties = new TableRowProperties(new CantSplit());
        if (minHeight is not null)
        {
            properties.Append(new TableRowHeight { Val = (uint)minHeight.Value, HeightType = HeightRuleValues.AtLeast });
        }

        if (header)
        {
            properties.Append(new TableHeader());
        }

        return new TableRow(properties);
    }

    public static TableCell Cell(int width, IEnumerable<OpenXmlElement> paragraphs, string? fill = null, int gridSpan = 1, bool vertical = false, bool center = false)
    {
        // Schema order: tcW, gridSpan, shd, textDirection, vAlign.
        var properties = new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
        if (gridSpan > 1)
        {
            properties.Append(new GridSpan { Val = gridSpan });
        }

        if (fill is not null)
        {
            properties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill });
        }

        if (vertical)
        {
            properties.Append(new TextDirection { Val = TextDirectionValues.BottomToTopLeftToRight });
        }

        if (center || vertical)
        {
            properties.Append(new TableCellVerticalAlignment { Val = vertical ? TableVerticalAlignmentValues.Bottom : TableVerticalAlignmentValues.Center });
        }

        var cell = new TableCell(properties);
        cell.Append(paragraphs);
        return cell;
    }

    public static TableCell TextCell(int width, string? text, Look? style = null, string? fill = null, int gridSpan = 1, bool vertical = false, bool center = false) =>
        Cell(width, [Para(text ?? "", style, justify: center ? JustificationValues.Center : null, spacingAfter: 0)], fill, gridSpan, vertical, center);

    private static Styles Styles()
    {
        static RunPropertiesBaseStyle Font(int halfPoints, bool bold = false, string? color = null)
        {
            var size = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var properties = new RunPropertiesBaseStyle();
            if (bold)
            {
                properties.Append(new Bold(), new BoldComplexScript());
            }

            if (color is not null)
            {
                properties.Append(new Color { Val = color });
            }

            properties.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size });
            return properties;
        }

        static Style Heading(string id, string name, int level, int halfPoints, int before) => new(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = 9 },
            new PrimaryStyle(),
            new StyleParagraphProperties(
                new KeepNext(),
                new KeepLines(),
                new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = "80" },
                new OutlineLevel { Val = level }),
            Font(halfPoints, bold: true, color: "0B4F8A"))
        { Type = StyleValues.Paragraph, StyleId = id };

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    new FontSize { Val = "20" },
                    new FontSizeComplexScript { Val = "20" },
                    new Languages { Val = "da-DK" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "100", Line = "252", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "Title" },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new UIPriority { Val = 10 },
                new PrimaryStyle(),
                new StyleParagraphProperties(new SpacingBetweenLines { After = "200" }),
                Font(36, bold: true, color: "0B4F8A"))
            { Type = StyleValues.Paragraph, StyleId = "Title" },
            Heading("Heading1", "heading 1", 0, 30, 360),
            Heading("Heading2", "heading 2", 1, 24, 240),
            Heading("Heading3", "heading 3", 2, 20, 200));
    }
}
