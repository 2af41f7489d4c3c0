using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Fremdrift.Shared.Bilag;

/// <summary>One series of a chart: its name, fill colour, a pattern that tells it apart in black and white, and one value per category.</summary>
internal sealed record ChartSeries(string Name, string Colour, Hatch Pattern, IReadOnlyList<int> Values);

/// <summary>
/// A stacked bar chart as a real Word chart: a chart part (c:chartSpace) with cached values, and the data as an
/// embedded workbook, so the secretariat can open "Rediger data" in Word and change it. Each segment has a black
/// outline, a pattern where colour alone would carry the meaning, and its number as a data label; the drawing
/// carries an alternative text (docPr descr) that states the numbers for screen readers.
/// </summary>
internal sealed record StackedBarChart(
    string Title,
    string AltText,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    bool Horizontal,
    bool Percent)
{
    private const string SheetName = "Data";

    /// <summary>Adds the chart's parts to <paramref name="main"/> and returns the paragraph that shows it, <paramref name="widthCm"/> wide.</summary>
    public W.Paragraph AddTo(MainDocumentPart main, uint drawingId, double widthCm, double heightCm)
    {
        var chartPart = main.AddNewPart<ChartPart>();
        var data = chartPart.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx);
        using (var workbook = new MemoryStream(Workbook()))
        {
            data.FeedData(workbook);
        }

        chartPart.ChartSpace = ChartSpace(chartPart.GetIdOfPart(data));
        const long emuPerCm = 360000;
        var inline = new DW.Inline(
            new DW.Extent { Cx = (long)(widthCm * emuPerCm), Cy = (long)(heightCm * emuPerCm) },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = drawingId, Name = $"Diagram {drawingId}", Title = Title, Description = AltText },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(chartPart) })
            {
                Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart",
            }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        return new W.Paragraph(
            new W.ParagraphProperties(new W.KeepLines()),
            new W.Run(new W.Drawing(inline)));
    }

    private C.ChartSpace ChartSpace(string dataId)
    {
        const uint categoryAxis = 48650112U;
        const uint valueAxis = 48672768U;
        var bars = new C.BarChart(
            new C.BarDirection { Val = Horizontal ? C.BarDirectionValues.Bar : C.BarDirectionValues.Column },
            new C.BarGrouping { Val = Percent ? C.BarGroupingValues.PercentStacked : C.BarGroupingValues.Stacked },
            new C.VaryColors { Val = false });
        for (var s = 0; s < Series.Count; s++)
        {
            bars.Append(SeriesElement(s));
        }

        bars.Append(
            new C.GapWidth { Val = 40 },
            new C.Overlap { Val = 100 },
            new C.AxisId { Val = categoryAxis },
            new C.AxisId { Val = valueAxis });

        var chart = new C.Chart(
            new C.Title(
                new C.ChartText(new C.RichText(
                    new A.BodyProperties(),
                    new A.ListStyle(),
                    new A.Paragraph(
                        new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = 1100, Bold = true }),
                        new A.Run(new A.RunProperties { Language = "da-DK", FontSize = 1100, Bold = true }, new A.Text(Title))))),
                new C.Overlay { Val = false }),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(
                new C.Layout(),
                bars,
                new C.CategoryAxis(
                    new C.AxisId { Val = categoryAxis },
                    // Horizontal bars read top to bottom in category order only with the axis reversed.
                    new C.Scaling(new C.Orientation { Val = Horizontal ? C.OrientationValues.MaxMin : C.OrientationValues.MinMax }),
                    new C.Delete { Val = false },
                    new C.AxisPosition { Val = Horizontal ? C.AxisPositionValues.Left : C.AxisPositionValues.Bottom },
                    new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
                    new C.MajorTickMark { Val = C.TickMarkValues.None },
                    new C.MinorTickMark { Val = C.TickMarkValues.None },
                    new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                    TextProperties(900, bold: false),
                    new C.CrossingAxis { Val = valueAxis },
                    new C.Crosses { Val = C.CrossesValues.AutoZero },
                    new C.AutoLabeled { Val = true },
                    new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                    new C.LabelOffset { Val = 100 },
                    new C.NoMultiLevelLabels { Val = false }),
                new C.ValueAxis(
                    new C.AxisId { Val = valueAxis },
                    new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                    new C.Delete { Val = false },
                    new C.AxisPosition { Val = Horizontal ? C.AxisPositionValues.Top : C.AxisPositionValues.Left },
                    new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "D9D9D9" })) { Width = 6350 })),
                    new C.NumberingFormat { FormatCode = Percent ? "0%" : "0", SourceLinked = false },
                    new C.MajorTickMark { Val = C.TickMarkValues.Outside },
                    new C.MinorTickMark { Val = C.TickMarkValues.None },
                    new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                    TextProperties(900, bold: false),
                    new C.CrossingAxis { Val = categoryAxis },
                    new C.Crosses { Val = C.CrossesValues.AutoZero },
                    new C.CrossBetween { Val = C.CrossBetweenValues.Between })),
            new C.Legend(
                new C.LegendPosition { Val = C.LegendPositionValues.Bottom },
                new C.Overlay { Val = false },
                TextProperties(900, bold: false)),
            new C.PlotVisibleOnly { Val = true },
            new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });

        return new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.EditingLanguage { Val = "da-DK" },
            new C.RoundedCorners { Val = false },
            chart,
            new C.ExternalData(new C.AutoUpdate { Val = false }) { Id = dataId });
    }

    private C.BarChartSeries SeriesElement(int s)
    {
        var series = Series[s];
        var last = Categories.Count + 1;
        OpenXmlCompositeElement fill = Preset(series.Pattern) is { } pattern
            ? new A.PatternFill(
                new A.ForegroundColor(new A.RgbColorModelHex { Val = "000000" }),
                new A.BackgroundColor(new A.RgbColorModelHex { Val = series.Colour }))
            { Preset = pattern }
            : new A.SolidFill(new A.RgbColorModelHex { Val = series.Colour });
        var categories = new C.StringCache(new C.PointCount { Val = (uint)Categories.Count });
        for (var i = 0; i < Categories.Count; i++)
        {
            categories.Append(new C.StringPoint(new C.NumericValue(Categories[i])) { Index = (uint)i });
        }

        var values = new C.NumberingCache(new C.FormatCode("General"), new C.PointCount { Val = (uint)Categories.Count });
        for (var i = 0; i < Categories.Count; i++)
        {
            values.Append(new C.NumericPoint(new C.NumericValue(series.Values[i].ToString(CultureInfo.InvariantCulture))) { Index = (uint)i });
        }

        var column = Column(s + 1);
        return new C.BarChartSeries(
            new C.Index { Val = (uint)s },
            new C.Order { Val = (uint)s },
            new C.SeriesText(new C.StringReference(
                new C.Formula($"{SheetName}!${column}$1"),
                new C.StringCache(new C.PointCount { Val = 1U }, new C.StringPoint(new C.NumericValue(series.Name)) { Index = 0U }))),
            new C.ChartShapeProperties(fill, new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "000000" })) { Width = 6350 }),
            new C.InvertIfNegative { Val = false },
            new C.DataLabels(
                // "0;;;" shows a count, and nothing for an empty segment.
                new C.NumberingFormat { FormatCode = "0;;;", SourceLinked = false },
                new C.ChartShapeProperties(new A.NoFill(), new A.Outline(new A.NoFill())),
                TextProperties(800, bold: true),
                new C.DataLabelPosition { Val = C.DataLabelPositionValues.Center },
                new C.ShowLegendKey { Val = false },
                new C.ShowValue { Val = true },
                new C.ShowCategoryName { Val = false },
                new C.ShowSeriesName { Val = false },
                new C.ShowPercent { Val = false },
                new C.ShowBubbleSize { Val = false }),
            new C.CategoryAxisData(new C.StringReference(new C.Formula($"{SheetName}!$A$2:$A${last}"), categories)),
            new C.Values(new C.NumberReference(new C.Formula($"{SheetName}!${column}$2:${column}${last}"), values)));
    }

    /// <summary>DrawingML's preset pattern for a <see cref="Hatch"/>; null for a plain fill.</summary>
    private static A.PresetPatternValues? Preset(Hatch hatch) => hatch switch
    {
        Hatch.Dots => A.PresetPatternValues.Percent20,
        Hatch.Diagonal => A.PresetPatternValues.WideUpwardDiagonal,
        Hatch.Vertical => A.PresetPatternValues.LightVertical,
        Hatch.DashedHorizontal => A.PresetPatternValues.DashedHorizontal,
        _ => null,
    };

    private static C.TextProperties TextProperties(int size, bool bold) => new(
        new A.BodyProperties(),
        new A.ListStyle(),
        new A.Paragraph(new A.ParagraphProperties(new A.DefaultRunProperties(new A.SolidFill(new A.RgbColorModelHex { Val = "000000" })) { FontSize = size, Bold = bold }), new A.EndParagraphRunProperties { Language = "da-DK" }));

    /// <summary>The chart's data as a workbook: categories down column A, one series per column, names in row 1.</summary>
    private byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var sheetData = new SheetData();
            var header = new Row { RowIndex = 1U };
            header.Append(Text("A1", ""));
            for (var s = 0; s < Series.Count; s++)
            {
                header.Append(Text(Column(s + 1) + "1", Series[s].Name));
            }

            sheetData.Append(header);
            for (var i = 0; i < Categories.Count; i++)
            {
                var index = (uint)i + 2;
                var row = new Row { RowIndex = index };
                row.Append(Text("A" + index.ToString(CultureInfo.InvariantCulture), Categories[i]));
                for (var s = 0; s < Series.Count; s++)
                {
                    row.Append(new Cell
                    {
                        CellReference = Column(s + 1) + index.ToString(CultureInfo.InvariantCulture),
                        CellValue = new CellValue(Series[s].Values[i]),
                    });
                }

                sheetData.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(sheetData);
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = SheetName, SheetId = 1U, Id = workbookPart.GetIdOfPart(sheetPart) }));
        }

        return stream.ToArray();
    }

    private static Cell Text(string reference, string text) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(DocumentText.XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static string Column(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}
