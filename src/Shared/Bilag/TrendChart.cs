using System.Globalization;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The bilag's trend chart ("Udvikling", all recommendations together, the share of each status per year) laid
/// out for the web page's inline SVG: the same years, statuses, colours and patterns as the Word chart
/// (<see cref="StatusColumn"/>), in a 480 × 320 view box that scales down to a phone's width.
/// </summary>
public sealed record TrendChart(string Title, string Description, IReadOnlyList<TrendChart.Bar> Bars, IReadOnlyList<TrendChart.YearTotals> Data)
{
    public const int Width = 480;
    public const int Height = 320;
    public const int PlotLeft = 60;
    public const int PlotTop = 12;
    public const int PlotBottom = 280;
    public const int PlotRight = Width - 8;

    /// <summary>One segment of a bar: a status's share of the year, and where it is drawn.</summary>
    public sealed record Segment(StatusColumn Column, int Count, double Share, double Y, double Height)
    {
        /// <summary>The share as the label shows it, e.g. "42 %"; empty where the segment is too low to hold it.</summary>
        public string Label => Height >= 15 ? Percent(Share) : "";
    }

    public sealed record Bar(int Year, double X, double BarWidth, IReadOnlyList<Segment> Segments);

    /// <summary>One year's counts of all recommendations together: the chart's data table.</summary>
    public sealed record YearTotals(int Year, RecommendationCounts Counts);

    /// <summary>The chart of <paramref name="years"/> (oldest first); null with fewer than two years, as in the bilag.</summary>
    public static TrendChart? Of(IReadOnlyList<TrendYear> years)
    {
        if (years.Count < 2)
        {
            return null;
        }

        var data = years.Select(y => new YearTotals(y.Year, y.Counts.Values.Aggregate(RecommendationCounts.Zero, (a, c) => a.Plus(c)))).ToList();
        var slot = (double)(PlotRight - PlotLeft) / data.Count;
        var barWidth = Math.Min(72, slot * 0.6);
        var bars = new List<Bar>();
        for (var i = 0; i < data.Count; i++)
        {
            var total = Math.Max(1, data[i].Counts.Total);
            var bottom = (double)PlotBottom;
            var segments = new List<Segment>();
            for (var s = 0; s < StatusColumn.All.Count; s++)
            {
                var count = data[i].Counts.ByStatus[s];
                var share = (double)count / total;
                var height = share * (PlotBottom - PlotTop);
                bottom -= height;
                if (count > 0)
                {
                    segments.Add(new Segment(StatusColumn.All[s], count, share, bottom, height));
                }
            }

            bars.Add(new Bar(data[i].Year, PlotLeft + slot * i + (slot - barWidth) / 2, barWidth, segments));
        }

        var first = years[0].Year;
        var last = years[^1].Year;
        return new TrendChart(
            BilagBuilder.TrendChartTitle(first, last),
            $"Stablet søjlediagram i procent over status for alle anbefalinger lagt sammen, pr. år fra {first} til {last}. " +
                string.Join(" ", data.Select(d => $"{d.Year}: " + string.Join(", ", StatusColumn.All.Select((c, s) => $"{c.Heading} {Percent((double)d.Counts.ByStatus[s] / Math.Max(1, d.Counts.Total))}")) + ".")),
            bars,
            data);
    }

    /// <summary>"42 %": rounded, with the Danish space before the sign.</summary>
    public static string Percent(double share) => Math.Round(share * 100).ToString(CultureInfo.InvariantCulture) + " %";

    /// <summary>The id of the SVG pattern a status is drawn with (its colour under black marks); null for a plain fill.</summary>
    public static string? PatternId(StatusColumn column) => column.Pattern == Hatch.None ? null : "moenster-" + column.Status.ToString().ToLowerInvariant();

    /// <summary>The fill attribute of a status: its pattern, or its plain colour.</summary>
    public static string Fill(StatusColumn column) => PatternId(column) is { } id ? $"url(#{id})" : "#" + column.ChartColour;

    /// <summary>A number in the SVG's coordinates ("12.5", never "12,5").</summary>
    public static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);
}
