using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using static Fremdrift.Shared.Bilag.WordKit;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// One municipality's own fremdriftsskema (DOCX) for its kommunalbestyrelse, in the table form of the seed's
/// template: per area a table <c>&lt;area&gt; | Grøn/gul/rød | Bemærkninger</c> with the rows
/// "SKAL-initiativer i &lt;year&gt;:" and "KAN-initiativer i &lt;year&gt;" above their recommendations, filled
/// with the municipality's submitted answers. Pure, no I/O.
/// </summary>
public static class MunicipalityFormBuilder
{
    public const string RatingColumn = "Grøn/gul/rød";
    public const string RemarkColumn = "Bemærkninger";

    private static readonly int[] Widths = [4300, 1300, PortraitWidth - 5600];

    public static byte[] Build(MunicipalityFormInput input)
    {
        var jobcentre = input.Jobcentre;
        var catalogue = input.Catalogue.Year == input.Year ? input.Catalogue : input.Catalogue.ForYear(input.Year);
        var answers = (input.Submission?.Answers ?? []).GroupBy(a => a.RecommendationId).ToDictionary(g => g.Key, g => g.Last());
        var title = $"Fremdriftsskema for anbefalinger {input.Year} – {jobcentre.Municipality} Kommune";
        return Write(title, $"KKR Hovedstaden · {jobcentre.Name} · {input.Year}", headerIsWarning: false, (body, sections) =>
        {
            body.Append(Para("Fremdriftsskema for anbefalinger", styleId: "Title"));
            body.Append(Para($"{jobcentre.Municipality} Kommune · {jobcentre.Name} · {input.Year}", new Look(Bold: true, HalfPoints: 24)));
            body.Append(Para(input.Submission?.SubmittedAt is { } at
                ? $"Indsendt {DanishDates.ShortDateAndTime(at)}" + (string.IsNullOrWhiteSpace(input.Submission.SubmittedBy) ? "." : $" af {input.Submission.SubmittedBy}.")
                : $"{jobcentre.Name} har ikke indsendt svar for {input.Year}; skemaet er tomt."));
            body.Append(Para(
                $"Jobcentrets status for KKR Hovedstadens anbefalinger til tværkommunalt samarbejde på beskæftigelsesområdet, til kommunalbestyrelsens behandling. " +
                $"Dannet {DanishDates.ShortDate(input.GeneratedAt)}.",
                new Look(HalfPoints: 18, Color: "595959")));

            var usedWithoutStatus = false;
            foreach (var area in catalogue.Areas)
            {
                var table = Table(area.Title, Widths);
                var header = Row(header: true);
                header.Append(TextCell(Widths[0], area.Title, new Look(Bold: true)));
                header.Append(TextCell(Widths[1], RatingColumn, new Look(Bold: true)));
                header.Append(TextCell(Widths[2], RemarkColumn, new Look(Bold: true)));
                table.Append(header);
                foreach (var obligation in new[] { Obligation.Skal, Obligation.Kan })
                {
                    var recommendations = area.Recommendations.Where(r => r.Obligation == obligation).ToList();
                    if (recommendations.Count == 0)
                    {
                        continue;
                    }

                    var heading = Row();
                    heading.Append(TextCell(Widths[0], catalogue.GroupHeading(obligation), new Look(Bold: true, Italic: true)));
                    heading.Append(TextCell(Widths[1], ""));
                    heading.Append(TextCell(Widths[2], ""));
                    table.Append(heading);
                    foreach (var recommendation in recommendations)
                    {
                        var answer = answers.GetValueOrDefault(recommendation.Id);
                        var row = Row();
                        // The id first (V1, B3, …), as in the chief's form, the bilag and the Excel export.
                        row.Append(Cell(Widths[0], [Para([TextRun(recommendation.Id + " ", new Look(Bold: true)), TextRun(recommendation.Text, Plain)], spacingAfter: 0)]));
                        // A recommendation submitted without a status reads differently from a jobcentre that never answered.
                        var status = StatusColumn.Of(input.Submission is not null, answer?.Rating);
                        usedWithoutStatus |= status == StatusColumn.WithoutStatus;
                        row.Append(TextCell(Widths[1], status.Heading, status.Rating is null ? new Look(Italic: true) : new Look(Bold: true), status.Fill));
                        row.Append(TextCell(Widths[2], answer?.Remark ?? ""));
                        table.Append(row);
                    }
                }

                body.Append(Para("", spacingAfter: 0));
                body.Append(table);
            }

            body.Append(Para("", spacingAfter: 0));
            if (input.Submission is null)
            {
                body.Append(Para($"\"{StatusColumn.NotAnswered.Heading}\": {jobcentre.Name} har ikke indsendt skemaet for {input.Year}.", new Look(HalfPoints: 18)));
            }
            else if (usedWithoutStatus)
            {
                body.Append(Para($"\"{StatusColumn.WithoutStatus.Heading}\": {StatusColumn.WithoutStatus.Meaning}.", new Look(HalfPoints: 18)));
            }

            body.Append(sections.Create(landscape: false));
        });
    }
}
