using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Domain;
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
    private static readonly Look CellMark = new(Bold: true, HalfPoints: 14);
    private const string HeaderFill = "D9E2F3";
    private const string AreaFill = "BDD7EE";

    public static byte[] Build(BilagInput input)
    {
        var analysis = BilagAnalysis.Of(input);
        var title = DocumentText.BilagTitle(input.Year);
        var header = input.Draft
            ? $"{DocumentText.DraftMark} · dannet {DocumentText.DateAndTime(input.GeneratedAt)}"
            : $"KKR Hovedstaden · Status for anbefalinger {input.Year}";
        return Write(input.Draft ? DocumentText.DraftMark + ": " + title : title, header, input.Draft, (body, sections) =>
        {
            TitleBlock(body, analysis, title);
            body.Append(sections.Break(landscape: false));
            Overview(body, analysis);
            Counts(body, analysis);
            body.Append(sections.Break(landscape: true));
            Details(body, analysis);
            body.Append(sections.Create(landscape: false));
        });
    }

    private static void TitleBlock(Body body, BilagAnalysis analysis, string title)
    {
        var input = analysis.Input;
        if (input.Draft)
        {
            body.Append(Para(DocumentText.DraftMark, new Look(Bold: true, HalfPoints: 32, Color: "C00000")));
            body.Append(Para(
                $"Dannet {DocumentText.DateAndTime(input.GeneratedAt)} ud fra de besvarelser, der var indsendt da. Tallene kan ændre sig, indtil svarfristen er udløbet.",
                new Look(Italic: true)));
        }

        body.Append(Para(title, styleId: "Title"));
        body.Append(Para("KKR Hovedstaden", new Look(Bold: true, HalfPoints: 24)));
        body.Append(Para(DocumentText.Date(input.GeneratedAt)));
        body.Append(Para(DocumentText.ResponseRate(analysis.Answered.Count, analysis.Municipalities.Count) + ".", new Look(Bold: true)));
        body.Append(analysis.NotAnswered.Count == 0
            ? Para("Alle jobcentre har svaret.")
            : Para("Har ikke svaret: " + string.Join(", ", analysis.NotAnswered.Select(j => j.Municipality)) + "."));

        body.Append(Para("Om bilaget", styleId: "Heading2"));
        body.Append(Para(
            $"Hvert jobcenter har vurderet fremdriften for hver anbefaling som grøn, gul eller rød og begrundet vurderingen med bemærkninger. " +
            $"Oversigten (næste side) viser alle anbefalinger mod alle {analysis.Municipalities.Count} kommuner, med en optælling pr. anbefaling. " +
            "Derefter følger, område for område, hver kommunes vurdering og bemærkninger." +
            (analysis.HasLastYear ? $" Udviklingen er sammenlignet med {input.Year - 1} for de anbefalinger, der fortsætter." : "")));
        body.Append(Para("Signaturforklaring: " + DocumentText.Legend, Small));
        body.Append(Para(
            [
                TextRun("Farver og markeringer: ", SmallBold),
                ..new[] { Rating.Groen, Rating.Gul, Rating.Roed, Rating.IkkeRelevant }.SelectMany(r => new[]
                {
                    LegendSwatch(r),
                    TextRun(" " + r.Danish() + "   ", Small),
                }),
            ]));
    }

    private static Run LegendSwatch(Rating rating)
    {
        var run = TextRun(" " + DocumentText.Mark(rating) + " ", CellMark);
        run.RunProperties!.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = DocumentText.Fill(rating) });
        return run;
    }

    private static void Overview(Body body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        body.Append(Para($"Oversigt: status for hver anbefaling i hver kommune {input.Year}", styleId: "Heading1"));
        body.Append(Para(DocumentText.Legend, Small));

        var chunks = analysis.Municipalities.Chunk(MaxOverviewColumns).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var municipalities = chunks[c];
            var columnWidth = Math.Min(400, (LandscapeWidth - 3600) / municipalities.Length);
            var textWidth = LandscapeWidth - columnWidth * municipalities.Length;
            var widths = new List<int> { textWidth };
            widths.AddRange(Enumerable.Repeat(columnWidth, municipalities.Length));
            var caption = chunks.Count == 1 ? OverviewCaption : $"{OverviewCaption} (del {c + 1})";
            if (chunks.Count > 1)
            {
                body.Append(Para($"Del {c + 1} af {chunks.Count}: {municipalities[0].Municipality} – {municipalities[^1].Municipality}", SmallBold, keepNext: true));
            }

            var table = Table(caption, widths);
            var headerRow = Row(header: true, minHeight: 1450);
            headerRow.Append(TextCell(textWidth, "Anbefaling", SmallBold, HeaderFill));
            foreach (var municipality in municipalities)
            {
                headerRow.Append(TextCell(columnWidth, municipality.Municipality, Small, HeaderFill, vertical: true));
            }

            table.Append(headerRow);
            foreach (var area in input.Catalogue.Areas)
            {
                var areaRow = Row();
                areaRow.Append(TextCell(widths.Sum(), area.Title, SmallBold, AreaFill, gridSpan: widths.Count));
                table.Append(areaRow);
                foreach (var recommendation in area.Recommendations)
                {
                    var row = Row();
                    row.Append(Cell(textWidth, [Para(
                        [
                            TextRun($"{recommendation.Id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold),
                            TextRun(recommendation.Text, Small),
                        ], spacingAfter: 0)]));
                    foreach (var municipality in municipalities)
                    {
                        var cell = analysis.Cell(municipality.MunicipalityCode, recommendation.Id);
                        row.Append(TextCell(columnWidth, DocumentText.Mark(cell.Rating), CellMark, DocumentText.Fill(cell.Rating), center: true));
                    }

                    table.Append(row);
                }
            }

            body.Append(table);
            body.Append(Para("", spacingAfter: 0));
        }
    }

    private static void Counts(Body body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        var withChange = analysis.HasLastYear;
        body.Append(Para(CountsCaption, styleId: "Heading2"));
        body.Append(Para(
            $"Antal kommuner pr. vurdering; \"I alt\" er alle {analysis.Municipalities.Count} kommuner." +
            (withChange ? $" Udvikling siden {input.Year - 1} tælles for kommuner, der har vurderet anbefalingen begge år (grøn, gul eller rød)." : ""),
            Small));

        string[] headings = withChange
            ? ["Grøn", "Gul", "Rød", "Ikke relevant", "Ikke svaret", "I alt", "Bedre", "Uændret", "Dårligere"]
            : ["Grøn", "Gul", "Rød", "Ikke relevant", "Ikke svaret", "I alt"];
        const int number = 1000;
        var textWidth = LandscapeWidth - number * headings.Length;
        var widths = new List<int> { textWidth };
        widths.AddRange(Enumerable.Repeat(number, headings.Length));
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
            var areaRow = Row();
            areaRow.Append(TextCell(widths.Sum(), area.Title, SmallBold, AreaFill, gridSpan: widths.Count));
            table.Append(areaRow);
            foreach (var recommendation in area.Recommendations)
            {
                var counts = analysis.Counts(recommendation.Id);
                var row = Row();
                row.Append(Cell(textWidth, [Para(
                    [
                        TextRun($"{recommendation.Id} · {DocumentText.Obligation(recommendation.Obligation)}: ", SmallBold),
                        TextRun(Shorten(recommendation.Text, 110), Small),
                    ], spacingAfter: 0)]));
                int[] values = withChange
                    ? [counts.Groen, counts.Gul, counts.Roed, counts.IkkeRelevant, counts.NotAnswered, counts.Total, counts.Better, counts.Same, counts.Worse]
                    : [counts.Groen, counts.Gul, counts.Roed, counts.IkkeRelevant, counts.NotAnswered, counts.Total];
                string?[] fills = [DocumentText.Fill(Rating.Groen), DocumentText.Fill(Rating.Gul), DocumentText.Fill(Rating.Roed), null, null, null, null, null, null];
                for (var i = 0; i < values.Length; i++)
                {
                    row.Append(TextCell(number, values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), i == 5 ? SmallBold : Small, values[i] > 0 ? fills[i] : null, center: true));
                }

                table.Append(row);
            }
        }

        body.Append(table);
    }

    private static void Details(Body body, BilagAnalysis analysis)
    {
        var input = analysis.Input;
        var previousYear = input.Year - 1;
        body.Append(Para("Status og bemærkninger pr. anbefaling", styleId: "Heading1"));
        body.Append(Para(
            "For hver anbefaling: hver kommune, der har svaret, i kommunenummerorden, med vurdering" +
            (analysis.HasLastYear ? $", udvikling siden {previousYear}" : "") + " og bemærkninger."));

        int[] widths = analysis.HasLastYear ? [1900, 1000, 1800, PortraitWidth - 4700] : [1900, 1000, PortraitWidth - 2900];
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
                    $"Grøn {counts.Groen} · Gul {counts.Gul} · Rød {counts.Roed} · Ikke relevant {counts.IkkeRelevant} · Ikke svaret {counts.NotAnswered}" +
                    (analysis.HasLastYear ? $" · Bedre {counts.Better} · Uændret {counts.Same} · Dårligere {counts.Worse}" : ""),
                    Small, keepNext: true));

                var table = Table(DetailCaption(recommendation.Id), widths);
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
                    row.Append(TextCell(widths[1], cell.Rating?.Danish() ?? "Ikke angivet", CellMark, DocumentText.Fill(cell.Rating)));
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
                    body.Append(Para("Ikke svaret: " + string.Join(", ", analysis.NotAnswered.Select(j => j.Municipality)) + ".", Small));
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
}
