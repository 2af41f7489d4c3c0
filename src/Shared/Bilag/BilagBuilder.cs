using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;
using static Fremdrift.Shared.Bilag.WordKit;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// Builds the consolidated bilag (DOCX) for the KKR meeting from a <see cref="BilagInput"/>; pure, no I/O.
/// Portrait title block (title, KKR Hovedstaden, date, response rate, who did not answer, legend); a landscape
/// overview of every recommendation against every municipality with the counts; then, portrait again, every
/// answering municipality's mark, change since last year and remark per recommendation.
/// </summary>
public static class BilagBuilder
{
    /// <summary>Caption of the overview table(s); with more than <see cref="MaxOverviewColumns"/> municipalities the overview is split, " (del 2)" etc.</summary>
    public const string OverviewCaption = "Oversigt over status";
    public const string CountsCaption = "Optælling pr. anbefaling";

    /// <summary>Caption of a recommendation's detail table, e.g. "Status og bemærkninger V1".</summary>
    public static string DetailCaption(string recommendationId) => "Status og bemærkninger " + recommendationId;

    /// <summary>More municipalities than this (e.g. all 98 of Denmark) are split over several overview tables.</summary>
    public const int MaxOverviewColumns = 30;

    private static readonly Look Small = new(HalfPoints: 14);
    private static readonly Look SmallBold = new(Bold: true, HalfPoints: 14);
    private static readonly Look Smaller = new(HalfPoints: 13);
    private static readonly Look CellMark = new(Bold: true, HalfPoints: 14);
    private const string HeaderFill = "D9E2F3";
    private const string AreaFill = "BDD7EE";
    private const string NotAnsweredFill = "F2F2F2";

    /// <summary>Caption of the trend table in the section "Udvikling".</summary>
    public const string TrendCaption = "Udvikling pr. anbefaling";

    /// <summary>Heading of the trend section.</summary>
    public const string TrendHeading = "Udvikling";

    public static byte[] Build(BilagInput input)
    {
        var analysis = BilagAnalysis.Of(input);
        var title = DocumentText.BilagTitle(input.Year);
        var header = input.Draft
            ? $"{DocumentText.DraftMark} · dannet {DanishDates.ShortDateAndTime(input.GeneratedAt)}"
            : $"KKR Hovedstaden · Status for anbefalinger {input.Year}";
        return Write(input.Draft ? DocumentText.DraftMark + ": " + title : title, header, input.Draft, (body, sections) =>
        {
            TitleBlock(body, analysis, title);
            body.Append(sections.Break(landscape: false));
            Overview(body, analysis);
            Counts(body, analysis);
            body.Append(sections.Break(landscape: true));
            Charts(body, analysis, sections.Main);
            Trend(body, analysis, sections.Main);
            Details(body, analysis);
            body.Append(sections.Create(landscape: false));
        });
    }

    private static void TitleBlock(BodyWriter body, BilagAnalysis analysis, string title)
    {
        var input = analysis.Input;
        if (input.Draft)
        {
            body.Append(Para(DocumentText.DraftMark, new Look(Bold: true, HalfPoints: 32, Color: "C00000")));
            body.Append(Para(
                $"Dannet {DanishDates.ShortDateAndTime(input.GeneratedAt)} ud fra de besvarelser, der var indsendt da. Tallene kan ændre sig, indtil svarfristen er udløbet.",
                new Look(Italic: true)));
        }

        body.Append(Para(title, styleId: "Title"));
        body.Append(Para("KKR Hovedstaden", new Look(Bold: true, HalfPoints: 24)));
        body.Append(Para(DanishDates.ShortDate(input.GeneratedAt)));
        body.Append(Para(DocumentText.ResponseRate(analysis.Answered.Count, analysis.Municipalities.Count) + ".", new Look(Bold: true)));
        body.Append(analysis.NotAnswered.Count == 0
            ? Para("Alle jobcentre har svaret.")
            : Para("Har ikke svaret: " + string.Join(", ", analysis.NotAnswered.Select(j => j.Municipality)) + "."));

        body.Append(Para("Om bilaget", styleId: "Heading1"));
        body.Append(Para(
            $"Hvert jobcenter har vurderet fremdriften for hver anbefaling som grøn, gul eller rød og begrundet vurderingen med bemærkninger. " +
            $"Oversigten (næste side) viser alle anbefalinger mod alle {analysis.Municipalities.Count} kommuner, med en optælling pr. anbefaling. " +
            "Derefter følger diagrammer, udviklingen over årene og, område for område, hver kommunes vurdering og bemærkninger." +
            (analysis.HasLastYear ? $" Udviklingen for den enkelte kommune er sammenlignet med {input.Year - 1} for de anbefalinger, der fortsætter." : "")));
        body.Append(Para("Signaturforklaring", styleId: "Heading2"));
        body.Append(Para("Hver markering i oversigten har både en farve og et tegn, så bilaget også kan læses i sort-hvid. Optællingerne bruger de samme ord.", Small));
        LegendTable(body);
    }

    /// <summary>The legend as a table: every mark and word the bilag uses, each with its shading.</summary>
    private static void LegendTable(BodyWriter body)
    {
        int[] widths = [700, PortraitWidth - 700];
        var table = Table("Signaturforklaring", widths);
        var headerRow = Row(header: true);
        headerRow.Append(TextCell(widths[0], "Tegn", SmallBold, HeaderFill, center: true));
        headerRow.Append(TextCell(widths[1], "Betydning", SmallBold, HeaderFill));
        table.Append(headerRow);
        Rating?[] fills = [Rating.Groen, Rating.Gul, Rating.Roed, Rating.IkkeRelevant, null, null];
        for (var i = 0; i < DocumentText.LegendLines.Count; i++)
        {
            var line = DocumentText.LegendLines[i];
            var row = Row();
            row.Append(TextCell(widths[0], line.Mark, CellMark, DocumentText.Fill(fills[i]), center: true));
            row.Append(TextCell(widths[1], line.Meaning, Small));
            table.Append(row);
        }

        body.Append(table);
    }

    private static void Overview(BodyWriter body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        body.Append(Para($"Oversigt: status for hver anbefaling i hver kommune {input.Year}", styleId: "Heading1"));
        body.Append(Para(DocumentText.ShortLegend, Small, spacingAfter: 40));

        var chunks = analysis.Municipalities.Chunk(MaxOverviewColumns).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var municipalities = chunks[c];
            var columnWidth = Math.Min(320, (LandscapeWidth - 3600) / municipalities.Length);
            var textWidth = LandscapeWidth - columnWidth * municipalities.Length;
            var widths = new List<int> { textWidth };
            widths.AddRange(Enumerable.Repeat(columnWidth, municipalities.Length));
            var caption = chunks.Count == 1 ? OverviewCaption : $"{OverviewCaption} (del {c + 1})";
            if (chunks.Count > 1)
            {
                body.Append(Para($"Del {c + 1} af {chunks.Count}: {municipalities[0].Municipality} – {municipalities[^1].Municipality}", SmallBold, keepNext: true));
            }

            var table = Table(caption, widths);
            var headerRow = Row(header: true, minHeight: 1750);
            headerRow.Append(TextCell(textWidth, "Anbefaling", SmallBold, HeaderFill));
            foreach (var municipality in municipalities)
            {
                // A non-responder's whole column says so, so its empty marks are never read as blank answers.
                headerRow.Append(analysis.Submission(municipality.MunicipalityCode) is null
                    ? Cell(columnWidth, [Para([TextRun(municipality.Municipality + " ", Small), TextRun("(ikke svaret)", new Look(Italic: true, HalfPoints: 14))], spacingAfter: 0)], NotAnsweredFill, vertical: true)
                    : TextCell(columnWidth, municipality.Municipality, Small, HeaderFill, vertical: true));
            }

            table.Append(headerRow);
            foreach (var area in input.Catalogue.Areas)
            {
                table.Append(AreaRow(widths, area.Title));
                foreach (var recommendation in area.Recommendations)
                {
                    var row = Row();
                    row.Append(Cell(textWidth, [Para(
                        [
                            TextRun($"{recommendation.Id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold),
                            TextRun(recommendation.Text, Smaller),
                        ], spacingAfter: 0)]));
                    foreach (var municipality in municipalities)
                    {
                        var cell = analysis.Cell(municipality.MunicipalityCode, recommendation.Id);
                        var mark = !cell.Answered ? DocumentText.NotAnsweredMark : cell.Rating is null ? DocumentText.WithoutStatusMark : DocumentText.Mark(cell.Rating);
                        row.Append(TextCell(columnWidth, mark, CellMark, cell.Answered ? DocumentText.Fill(cell.Rating) : NotAnsweredFill, center: true));
                    }

                    table.Append(row);
                }
            }

            body.Append(table);
            if (c < chunks.Count - 1)
            {
                // Keeps two tables apart; after the last one the next heading does (an empty paragraph there
                // could spill onto a page of its own).
                body.Append(Para("", spacingAfter: 0));
            }
        }
    }

    /// <summary>A heading that starts a new page (rather than a page-break paragraph, which could leave a blank page).</summary>
    private static Paragraph HeadingOnNewPage(string text, string styleId)
    {
        var heading = Para(text, styleId: styleId);
        heading.ParagraphProperties!.ParagraphStyleId!.InsertAfterSelf(new PageBreakBefore());
        return heading;
    }

    private static void Counts(BodyWriter body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        var withChange = analysis.HasLastYear;
        body.Append(HeadingOnNewPage(CountsCaption, "Heading2"));
        body.Append(Para(
            $"Antal kommuner pr. status; hver række giver i alt {analysis.Municipalities.Count} kommuner. " +
            $"\"{DocumentText.WithoutStatus}\" er jobcentre, der har indsendt skemaet uden at give anbefalingen en status; \"{DocumentText.NotAnswered}\" er jobcentre, der ikke har indsendt." +
            (withChange ? $" Udvikling siden {input.Year - 1} tælles for kommuner, der har vurderet anbefalingen begge år (grøn, gul eller rød)." : ""),
            Small));

        List<string> headings = [.. DocumentText.StatusHeadings, "I alt"];
        if (withChange)
        {
            headings.AddRange(["Bedre", "Uændret", "Dårligere"]);
        }

        const int number = 950;
        var textWidth = LandscapeWidth - number * headings.Count;
        var widths = new List<int> { textWidth };
        widths.AddRange(Enumerable.Repeat(number, headings.Count));
        var table = Table(CountsCaption, widths);
        var headerRow = Row(header: true);
        headerRow.Append(TextCell(textWidth, "Anbefaling", SmallBold, HeaderFill));
        foreach (var heading in headings)
        {
            headerRow.Append(TextCell(number, heading, SmallBold, HeaderFill, center: true));
        }

        table.Append(headerRow);
        foreach (var area in input.Catalogue.Areas)
        {
            table.Append(AreaRow(widths, area.Title));
            foreach (var recommendation in area.Recommendations)
            {
                var counts = analysis.Counts(recommendation.Id);
                var row = Row();
                row.Append(Cell(textWidth, [Para(
                    [
                        TextRun($"{recommendation.Id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold),
                        TextRun(Shorten(recommendation.Text, 110), Small),
                    ], spacingAfter: 0)]));
                List<int> values = [.. counts.ByStatus, counts.Total];
                if (withChange)
                {
                    values.AddRange([counts.Better, counts.Same, counts.Worse]);
                }

                for (var i = 0; i < values.Count; i++)
                {
                    var fill = i < 4 && values[i] > 0 ? DocumentText.StatusColours[i] : null;
                    row.Append(TextCell(number, values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), i == 6 ? SmallBold : Small, fill, center: true));
                }

                table.Append(row);
            }
        }

        body.Append(table);
    }

    /// <summary>The six status series of a chart, with the overview's colours and a pattern for each that black and white can tell apart.</summary>
    private static List<ChartSeries> StatusSeries(IReadOnlyList<RecommendationCounts> counts)
    {
        DocumentFormat.OpenXml.Drawing.PresetPatternValues?[] patterns =
        [
            null,
            DocumentFormat.OpenXml.Drawing.PresetPatternValues.Percent20,
            DocumentFormat.OpenXml.Drawing.PresetPatternValues.WideUpwardDiagonal,
            DocumentFormat.OpenXml.Drawing.PresetPatternValues.LightVertical,
            DocumentFormat.OpenXml.Drawing.PresetPatternValues.DashedHorizontal,
            null,
        ];
        return DocumentText.StatusHeadings
            .Select((name, i) => new ChartSeries(name, DocumentText.StatusColours[i], patterns[i], counts.Select(c => c.ByStatus[i]).ToList()))
            .ToList();
    }

    private static string Describe(string label, RecommendationCounts counts) =>
        label + ": " + string.Join(", ", DocumentText.StatusHeadings.Select((h, i) => $"{h} {counts.ByStatus[i]}")) + ".";

    private static void Charts(BodyWriter body, BilagAnalysis analysis, DocumentFormat.OpenXml.Packaging.MainDocumentPart main)
    {
        var input = analysis.Input;
        var recommendations = input.Catalogue.AllRecommendations.ToList();
        var counts = recommendations.Select(r => analysis.Counts(r.Id)).ToList();
        body.Append(Para($"Status pr. anbefaling {input.Year} i diagram", styleId: "Heading1"));
        body.Append(Para(
            $"Hver søjle er en anbefaling og viser, hvor mange af de {analysis.Municipalities.Count} kommuner der har hver status. " +
            "Tallene står i feltet, og hver status har sit eget mønster, så diagrammet også kan læses i sort-hvid. Diagrammet kan redigeres i Word (Rediger data).",
            Small));
        var chart = new StackedBarChart(
            $"Status pr. anbefaling {input.Year} (antal kommuner)",
            $"Stablet søjlediagram over status pr. anbefaling {input.Year}, antal kommuner ud af {analysis.Municipalities.Count}. " +
                string.Join(" ", recommendations.Select((r, i) => Describe(r.Id, counts[i]))),
            recommendations.Select(r => $"{r.Id} ({DocumentText.Obligation(r.Obligation)})").ToList(),
            StatusSeries(counts),
            Horizontal: true,
            Percent: false);
        body.Append(chart.AddTo(main, drawingId: 1, widthCm: 17, heightCm: Math.Clamp(4 + recommendations.Count * 0.7, 8, 23)));
    }

    private static void Trend(BodyWriter body, BilagAnalysis analysis, DocumentFormat.OpenXml.Packaging.MainDocumentPart main)
    {
        var input = analysis.Input;
        var years = analysis.Trend;
        body.Append(HeadingOnNewPage(TrendHeading, "Heading1"));
        if (years.Count < 2)
        {
            body.Append(Para($"Der er kun gemt svar for {input.Year}, så der er endnu ingen udvikling at vise. Tidligere år kan indlæses fra Excel på sekretariatets sider."));
        }
        else
        {
            body.Append(Para(
                $"Alle anbefalinger lagt sammen, år for år fra {years[0].Year} til {input.Year}: andelen af svar med hver status. " +
                "Tabellen nedenfor viser tallene for hver anbefaling og hvert år.",
                Small));
            var totals = years.Select(y => Sum(y.Counts.Values)).ToList();
            var chart = new StackedBarChart(
                $"Udvikling {years[0].Year}–{input.Year}: status for alle anbefalinger (andel)",
                $"Stablet søjlediagram i procent over status for alle anbefalinger lagt sammen, pr. år fra {years[0].Year} til {input.Year}. " +
                    string.Join(" ", years.Select((y, i) => Describe(y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), totals[i]))),
                years.Select(y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                StatusSeries(totals),
                Horizontal: false,
                Percent: true);
            body.Append(chart.AddTo(main, drawingId: 2, widthCm: 17, heightCm: 9));
        }

        // Per recommendation: one row per stored year in which it was asked, the recommendation repeated on every
        // page by being part of its own block's first row (the table's header row repeats the column names).
        List<string> headings = ["År", .. DocumentText.StatusHeadings, "I alt"];
        const int number = 1050;
        int[] widths = [PortraitWidth - number * (headings.Count - 1), .. Enumerable.Repeat(number, headings.Count - 1)];
        var table = Table(TrendCaption, widths);
        var headerRow = Row(header: true);
        for (var i = 0; i < headings.Count; i++)
        {
            headerRow.Append(TextCell(widths[i], headings[i], SmallBold, HeaderFill, center: i > 0));
        }

        table.Append(headerRow);
        var ids = input.Catalogue.AllRecommendations.Select(r => r.Id)
            .Concat(years.SelectMany(y => y.Counts.Keys))
            .Distinct()
            .ToList();
        foreach (var id in ids)
        {
            var text = input.Catalogue.Find(id) is { } recommendation
                ? $"{id} · {DocumentText.Obligation(recommendation.Obligation)}: {Shorten(recommendation.Text, 90)}"
                : $"{id} (ikke med i {input.Year})";
            var label = Row();
            label.Append(Cell(widths.Sum(), [Para(text, SmallBold, spacingAfter: 0, keepNext: true)], AreaFill, gridSpan: widths.Length));
            table.Append(label);
            foreach (var year in years.Where(y => y.Counts.ContainsKey(id)))
            {
                var counts = year.Counts[id];
                var row = Row();
                row.Append(TextCell(widths[0], year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), Small));
                List<int> values = [.. counts.ByStatus, counts.Total];
                for (var i = 0; i < values.Count; i++)
                {
                    row.Append(TextCell(number, values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), i == 6 ? SmallBold : Small, center: true));
                }

                table.Append(row);
            }
        }

        body.Append(table);
    }

    private static RecommendationCounts Sum(IEnumerable<RecommendationCounts> counts) =>
        counts.Aggregate(
            new RecommendationCounts(0, 0, 0, 0, 0, 0, 0, 0, 0),
            (a, c) => new RecommendationCounts(
                a.Groen + c.Groen, a.Gul + c.Gul, a.Roed + c.Roed, a.IkkeRelevant + c.IkkeRelevant, a.WithoutStatus + c.WithoutStatus,
                a.NotAnswered + c.NotAnswered, a.Better + c.Better, a.Same + c.Same, a.Worse + c.Worse));

    private static void Details(BodyWriter body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        var previousYear = input.Year - 1;
        body.Append(HeadingOnNewPage("Status og bemærkninger pr. anbefaling", "Heading1"));
        body.Append(Para(
            "For hver anbefaling: hver kommune, der har svaret, i kommunenummerorden, med vurdering" +
            (analysis.HasLastYear ? $", udvikling siden {previousYear}" : "") + " og bemærkninger. " +
            $"\"{DocumentText.WithoutStatus}\" betyder, at jobcentret har indsendt skemaet uden at give anbefalingen en status."));

        int[] widths = analysis.HasLastYear ? [1900, 1100, 1800, PortraitWidth - 4800] : [1900, 1100, PortraitWidth - 3000];
        foreach (var area in input.Catalogue.Areas)
        {
            body.Append(Para(area.Title, styleId: "Heading2"));
            foreach (var recommendation in area.Recommendations)
            {
                body.Append(Para(
                    [
                        TextRun($"{recommendation.Id} ({DocumentText.Obligation(recommendation.Obligation)}): ", new Look(Bold: true)),
                        TextRun(recommendation.Text, Plain),
                    ],
                    styleId: "Heading3"));
                var counts = analysis.Counts(recommendation.Id);
                body.Append(Para(
                    string.Join(" · ", DocumentText.StatusHeadings.Select((h, i) => $"{h} {counts.ByStatus[i]}")) +
                    (analysis.HasLastYear ? $" · Bedre {counts.Better} · Uændret {counts.Same} · Dårligere {counts.Worse}" : ""),
                    Small, keepNext: true));

                // Two header rows that repeat on every page the table spans: the recommendation and the column names,
                // so a table continued on the next page still says which recommendation it is.
                var table = Table(DetailCaption(recommendation.Id), widths);
                var context = Row(header: true);
                context.Append(TextCell(widths.Sum(), $"{recommendation.Id} ({DocumentText.Obligation(recommendation.Obligation)}): {Shorten(recommendation.Text, 120)}", SmallBold, AreaFill, gridSpan: widths.Length));
                table.Append(context);
                var headerRow = Row(header: true);
                headerRow.Append(TextCell(widths[0], "Kommune", SmallBold, HeaderFill));
                headerRow.Append(TextCell(widths[1], "Status", SmallBold, HeaderFill));
                if (analysis.HasLastYear)
                {
                    headerRow.Append(TextCell(widths[2], $"Udvikling siden {previousYear}", SmallBold, HeaderFill));
                }

                headerRow.Append(TextCell(widths[^1], "Bemærkninger", SmallBold, HeaderFill));
                table.Append(headerRow);
                foreach (var municipality in analysis.Answered)
                {
                    var cell = analysis.Cell(municipality.MunicipalityCode, recommendation.Id);
                    var row = Row();
                    row.Append(TextCell(widths[0], municipality.Municipality, Small));
                    row.Append(TextCell(widths[1], DocumentText.StatusWord(cell.Answered, cell.Rating), CellMark, DocumentText.Fill(cell.Rating)));
                    if (analysis.HasLastYear)
                    {
                        row.Append(TextCell(widths[2], DocumentText.Change(cell.Change, cell.LastYear, previousYear), Small));
                    }

                    row.Append(TextCell(widths[^1], cell.Remark, Small));
                    table.Append(row);
                }

                if (analysis.Answered.Count == 0)
                {
                    var empty = Row();
                    empty.Append(TextCell(widths.Sum(), "Ingen jobcentre har svaret endnu.", Small, gridSpan: widths.Length));
                    table.Append(empty);
                }

                body.Append(table);
                if (analysis.NotAnswered.Count > 0)
                {
                    body.Append(Para(DocumentText.NotAnswered + ": " + string.Join(", ", analysis.NotAnswered.Select(j => j.Municipality)) + ".", Small));
                }
            }
        }
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > 0 ? cut : max - 1)] + " …";
    }

    /// <summary>The row that opens an area's recommendations in an overview table, spanning every column.</summary>
    private static TableRow AreaRow(List<int> widths, string title)
    {
        var row = Row();
        row.Append(TextCell(widths.Sum(), title, SmallBold, AreaFill, gridSpan: widths.Count));
        return row;
    }
}
