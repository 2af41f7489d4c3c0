using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Danish;
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

    /// <summary>What a non-responder's column header adds to its name.</summary>
    public const string NotAnsweredSuffix = "(ikke svaret)";

    /// <summary>
    /// Width of one character of the overview's 7 pt header text, in twips: 0.58 em, above the average of
    /// Calibri and of the fonts LibreOffice puts in its place (Carlito, Liberation Sans), so no name is cut.
    /// </summary>
    public const double HeaderCharTwips = 7 * 20 * 0.58;

    /// <summary>The text of one overview column header.</summary>
    public static string OverviewHeader(string municipality, bool notAnswered) => notAnswered ? $"{municipality} {NotAnsweredSuffix}" : municipality;

    /// <summary>The height (twips) of the overview's header row: the longest rotated header, its cell margins and some air.</summary>
    public static int OverviewHeaderHeight(IEnumerable<string> headers) =>
        (int)Math.Ceiling(headers.Select(h => h.Length).DefaultIfEmpty(0).Max() * HeaderCharTwips) + 160;

    private const string TotalHeading = "I alt";

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
        return Write(input.Draft ? DocumentText.DraftMark + ": " + title : title, header, input.Draft, main => AddCharts(analysis, main), (body, sections, charts) =>
        {
            TitleBlock(body, analysis, title);
            body.Append(sections.Break(landscape: false));
            Overview(body, analysis);
            Counts(body, analysis);
            body.Append(sections.Break(landscape: true));
            Charts(body, analysis, charts.Status);
            Trend(body, analysis, charts.Trend);
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
            (analysis.Trend.Count > 1
                ? "Derefter følger diagrammer, udviklingen over årene og, område for område, hver kommunes vurdering og bemærkninger."
                : $"Derefter følger et diagram og, område for område, hver kommunes vurdering og bemærkninger. {NoEarlierYears(input.Year)}") +
            (analysis.HasLastYear ? $" Udviklingen for den enkelte kommune er sammenlignet med {input.Year - 1} for de anbefalinger, der fortsætter." : "")));
        body.Append(Para("Signaturforklaring", styleId: "Heading2"));
        body.Append(Para("Hver markering i oversigten har både en farve og et tegn, så bilaget også kan læses i sort-hvid. Optællingerne bruger de samme ord.", Small));
        LegendTable(body);
    }

    /// <summary>The one sentence a bilag without earlier years says about the development over the years (no section of its own).</summary>
    public static string NoEarlierYears(int year) =>
        $"Der er ingen svar fra årene før {year} at sammenligne med, så bilaget viser ikke udviklingen over årene.";

    /// <summary>The legend as a table: every mark and word the bilag uses, each with its shading.</summary>
    private static void LegendTable(BodyWriter body)
    {
        int[] widths = [700, PortraitWidth - 700];
        var table = Table("Signaturforklaring", widths);
        var headerRow = Row(header: true);
        headerRow.Append(TextCell(widths[0], "Tegn", SmallBold, HeaderFill, center: true));
        headerRow.Append(TextCell(widths[1], "Betydning", SmallBold, HeaderFill));
        table.Append(headerRow);
        foreach (var column in StatusColumn.All)
        {
            var row = Row();
            row.Append(TextCell(widths[0], column.Mark, CellMark, column.Fill, center: true));
            row.Append(TextCell(widths[1], column.LegendText, Small));
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
            // Rotated names need a row as tall as the longest of them: LibreOffice does not grow a row for
            // rotated text, it clips it ("Høje-Taastrup (ikke …").
            var headers = municipalities.Select(m => (Name: m.Municipality, NotAnswered: analysis.Submission(m.MunicipalityCode) is null)).ToList();
            var headerRow = Row(header: true, minHeight: OverviewHeaderHeight(headers.Select(h => OverviewHeader(h.Name, h.NotAnswered))));
            headerRow.Append(TextCell(textWidth, "Anbefaling", SmallBold, HeaderFill));
            foreach (var (name, notAnswered) in headers)
            {
                // A non-responder's whole column says so, so its empty marks are never read as blank answers.
                headerRow.Append(notAnswered
                    ? Cell(columnWidth, [Para([TextRun(name + " ", Small), TextRun(NotAnsweredSuffix, new Look(Italic: true, HalfPoints: 14))], spacingAfter: 0)], StatusColumn.NotAnswered.Fill, vertical: true)
                    : TextCell(columnWidth, name, Small, HeaderFill, vertical: true));
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
                        var status = analysis.Cell(municipality.MunicipalityCode, recommendation.Id).Status;
                        row.Append(TextCell(columnWidth, status.Mark, CellMark, status.Fill, center: true));
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

        List<string> headings = [.. StatusColumn.All.Select(c => c.Heading), TotalHeading];
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
        var anyChanged = false;
        foreach (var area in input.Catalogue.Areas)
        {
            table.Append(AreaRow(widths, area.Title));
            foreach (var recommendation in area.Recommendations)
            {
                var counts = analysis.Counts(recommendation.Id);
                var row = Row();
                var changed = withChange && analysis.TextChangedSinceLastYear(recommendation.Id);
                anyChanged |= changed;
                row.Append(Cell(textWidth, [Para(
                    [
                        TextRun($"{recommendation.Id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold),
                        TextRun(Shorten(recommendation.Text, 110), Small),
                        .. changed ? [TextRun(TextChangedMark, SmallBold)] : Array.Empty<Run>(),
                    ], spacingAfter: 0)]));
                List<int> values = [.. counts.ByStatus, counts.Total];
                if (withChange)
                {
                    values.AddRange([counts.Better, counts.Same, counts.Worse]);
                }

                for (var i = 0; i < values.Count; i++)
                {
                    // A rating's count is shaded in its colour (when there is any), the other columns are not.
                    var fill = i < StatusColumn.All.Count && StatusColumn.All[i].Rating is not null && values[i] > 0 ? StatusColumn.All[i].Fill : null;
                    row.Append(TextCell(number, values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), headings[i] == TotalHeading ? SmallBold : Small, fill, center: true));
                }

                table.Append(row);
            }
        }

        body.Append(table);
        if (anyChanged)
        {
            body.Append(Para(
                $"{TextChangedMark.Trim()} Teksten er ændret siden {input.Year - 1}. Udviklingen sammenligner svarene under samme id.",
                Small));
        }
    }

    /// <summary>The six status series of a chart, with the overview's colours and a pattern for each that black and white can tell apart.</summary>
    private static List<ChartSeries> StatusSeries(IReadOnlyList<RecommendationCounts> counts) =>
        StatusColumn.All
            .Select((column, i) => new ChartSeries(column.Heading, column.ChartColour, column.Pattern, counts.Select(c => c.ByStatus[i]).ToList()))
            .ToList();

    private static string Describe(string label, RecommendationCounts counts) =>
        label + ": " + string.Join(", ", StatusColumn.All.Select((c, i) => $"{c.Heading} {counts.ByStatus[i]}")) + ".";

    /// <summary>The paragraphs that show the bilag's charts; <see cref="Trend"/> is null when there is no earlier year.</summary>
    private sealed record ChartParagraphs(Paragraph Status, Paragraph? Trend);

    /// <summary>Adds the charts' parts before the body is written (see <see cref="WordKit.Write{TParts}"/>), in the order they appear.</summary>
    private static ChartParagraphs AddCharts(BilagAnalysis analysis, DocumentFormat.OpenXml.Packaging.MainDocumentPart main)
    {
        var input = analysis.Input;
        var recommendations = input.Catalogue.AllRecommendations.ToList();
        var counts = recommendations.Select(r => analysis.Counts(r.Id)).ToList();
        var status = new StackedBarChart(
            $"Status pr. anbefaling {input.Year} (antal kommuner)",
            $"Stablet søjlediagram over status pr. anbefaling {input.Year}, antal kommuner ud af {analysis.Municipalities.Count}. " +
                string.Join(" ", recommendations.Select((r, i) => Describe(r.Id, counts[i]))),
            recommendations.Select(r => $"{r.Id} ({DocumentText.Obligation(r.Obligation)})").ToList(),
            StatusSeries(counts),
            Horizontal: true,
            Percent: false).AddTo(main, drawingId: 1, widthCm: 17, heightCm: Math.Clamp(4 + recommendations.Count * 0.7, 8, 23));

        var years = analysis.Trend;
        if (years.Count < 2)
        {
            return new ChartParagraphs(status, null);
        }

        var totals = years.Select(y => Sum(y.Counts.Values)).ToList();
        var trend = new StackedBarChart(
            TrendChartTitle(years[0].Year, input.Year),
            $"Stablet søjlediagram i procent over status for alle anbefalinger lagt sammen, pr. år fra {years[0].Year} til {input.Year}. " +
                string.Join(" ", years.Select((y, i) => Describe(y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), totals[i]))),
            years.Select(y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            StatusSeries(totals),
            Horizontal: false,
            Percent: true).AddTo(main, drawingId: 2, widthCm: 17, heightCm: 9);
        return new ChartParagraphs(status, trend);
    }

    private static void Charts(BodyWriter body, BilagAnalysis analysis, Paragraph chart)
    {
        var input = analysis.Input;
        body.Append(Para($"Status pr. anbefaling {input.Year} i diagram", styleId: "Heading1"));
        body.Append(Para(
            $"Hver søjle er en anbefaling og viser, hvor mange af de {analysis.Municipalities.Count} kommuner der har hver status. " +
            "Tallene står i feltet, og hver status har sit eget mønster, så diagrammet også kan læses i sort-hvid. Diagrammet kan redigeres i Word (Rediger data).",
            Small));
        body.Append(chart);
    }

    /// <summary>
    /// "Udvikling": left out when no earlier year is stored (the introduction says so in one sentence). Otherwise a
    /// chart of all recommendations together per year, and a table with one row per recommendation whose cells
    /// hold one line per year: a row never splits across pages, so a recommendation's years stay with its text
    /// (LibreOffice does not keep table rows together by "keep with next").
    /// </summary>
    private static void Trend(BodyWriter body, BilagAnalysis analysis, Paragraph? chart)
    {
        var input = analysis.Input;
        var years = analysis.Trend;
        if (chart is null)
        {
            return;
        }

        body.Append(HeadingOnNewPage(TrendHeading, "Heading1"));
        body.Append(Para(
            $"Alle anbefalinger lagt sammen, år for år fra {years[0].Year} til {input.Year}: andelen af svar med hver status. " +
            "Tabellen nedenfor viser tallene for hver anbefaling og hvert år. Anbefalingerne sammenlignes under samme id; " +
            $"er teksten ændret under samme id, er året markeret med {TextChangedMark.Trim()}.",
            Small));
        body.Append(chart);

        List<string> headings = ["Anbefaling", "År", .. StatusColumn.All.Select(c => c.Heading), TotalHeading];
        const int number = 740;
        const int yearWidth = 640;
        int[] widths = [PortraitWidth - yearWidth - number * (headings.Count - 2), yearWidth, .. Enumerable.Repeat(number, headings.Count - 2)];
        var table = Table(TrendCaption, widths);
        var headerRow = Row(header: true);
        for (var i = 0; i < headings.Count; i++)
        {
            headerRow.Append(TextCell(widths[i], headings[i], SmallBold, HeaderFill, center: i > 1));
        }

        table.Append(headerRow);
        var ids = input.Catalogue.AllRecommendations.Select(r => r.Id)
            .Concat(years.SelectMany(y => y.Counts.Keys))
            .Distinct()
            .ToList();
        foreach (var id in ids)
        {
            var asked = years.Where(y => y.Counts.ContainsKey(id)).ToList();
            var changes = analysis.TextChanges(id);
            List<Paragraph> label =
            [
                input.Catalogue.Find(id) is { } recommendation
                    ? Para([TextRun($"{id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold), TextRun(Shorten(recommendation.Text, 90), Small)], spacingAfter: 0)
                    : Para([TextRun($"{id} ", SmallBold), TextRun($"(ikke med i {input.Year})", Small)], spacingAfter: 0),
                .. changes.Select(c => Para(TextChangedNote(c.Key, c.Value), new Look(Italic: true, HalfPoints: 13), spacingAfter: 0)),
            ];
            var row = Row();
            row.Append(Cell(widths[0], label));
            row.Append(Cell(widths[1], asked.Select(y => Para(
                y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + (changes.ContainsKey(y.Year) ? TextChangedMark : ""), Small, spacingAfter: 0))));
            for (var i = 0; i <= StatusColumn.All.Count; i++)
            {
                var column = i;
                row.Append(Cell(number, asked.Select(y => Para(
                    (column < StatusColumn.All.Count ? y.Counts[id].ByStatus[column] : y.Counts[id].Total).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    column < StatusColumn.All.Count ? Small : SmallBold,
                    justify: JustificationValues.Center,
                    spacingAfter: 0))));
            }

            table.Append(row);
        }

        body.Append(table);
    }

    /// <summary>The mark after a year (in the trend) or a recommendation (in the counts) whose text changed under the same id.</summary>
    public const string TextChangedMark = " *";

    /// <summary>"* 2027: teksten er ændret siden 2026."</summary>
    public static string TextChangedNote(int year, int since) =>
        $"* {year.ToString(System.Globalization.CultureInfo.InvariantCulture)}: teksten er ændret siden {since.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";

    /// <summary>The trend chart's title, in the bilag and on the web page alike.</summary>
    public static string TrendChartTitle(int from, int to) => $"Udvikling {from}–{to}: status for alle anbefalinger (andel)";

    private static RecommendationCounts Sum(IEnumerable<RecommendationCounts> counts) =>
        counts.Aggregate(RecommendationCounts.Zero, (a, c) => a.Plus(c));

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
                var textChanged = analysis.HasLastYear && analysis.TextChangedSinceLastYear(recommendation.Id);
                if (textChanged)
                {
                    body.Append(Para(
                        $"Teksten er ændret siden {previousYear}. Udviklingen sammenligner med svaret på anbefalingen under samme id ({recommendation.Id}) i {previousYear}.",
                        new Look(Italic: true, HalfPoints: 14), keepNext: true));
                }

                body.Append(Para(
                    string.Join(" · ", StatusColumn.All.Select((c, i) => $"{c.Heading} {counts.ByStatus[i]}")) +
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
                    headerRow.Append(TextCell(widths[2], $"Udvikling siden {previousYear}" + (textChanged ? " (teksten er ændret)" : ""), SmallBold, HeaderFill));
                }

                headerRow.Append(TextCell(widths[^1], "Bemærkninger", SmallBold, HeaderFill));
                table.Append(headerRow);
                foreach (var municipality in analysis.Answered)
                {
                    var cell = analysis.Cell(municipality.MunicipalityCode, recommendation.Id);
                    var row = Row();
                    row.Append(TextCell(widths[0], municipality.Municipality, Small));
                    row.Append(TextCell(widths[1], cell.Status.Heading, CellMark, cell.Status.Fill));
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
