using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Web;
using Fremdrift.Tests.Infrastructure;
using static Fremdrift.Tests.Bilag.BilagTestData;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// The web trend page (/sekretariat/indlaes/udvikling) draws the bilag's trend chart as inline SVG, an image with a
/// title and a description, beside its data table, with the same numbers as the Word chart; it passes axe and fits
/// a 390 px screen.
/// </summary>
public class YearTrendPageTests
{
    private const string BasePath = "/sekretariat/indlaes";

    private static readonly string[] Years = ["2025", "2026", "2027"];

    /// <summary>2025–2027 as the bilag counts them; 2027 words V2 differently from 2026.</summary>
    private static List<TrendYear> History()
    {
        var input = Input() with { EarlierYears = BilagAccessibilityTests.EarlierYears() };
        var history = BilagAnalysis.Of(input).Trend.ToList();
        history[^1] = history[^1] with
        {
            Texts = history[^1].Texts!.ToDictionary(t => t.Key, t => t.Key == "V2" ? t.Value + " (justeret)" : t.Value),
        };
        return history;
    }

    private static string Html(IReadOnlyList<TrendYear> history) =>
        HtmlViewRenderer.Render<Shared.Bilag.Views.YearTrend, Shared.Bilag.Views.YearTrendModel>(new(BasePath, history));

    [Fact]
    public void The_page_draws_the_bilags_trend_chart_as_an_svg_image_with_the_same_numbers_as_the_word_chart()
    {
        var history = History();
        var html = System.Net.WebUtility.HtmlDecode(Html(history));

        Assert.Contains("<svg role=\"img\" aria-labelledby=\"trend-titel trend-beskrivelse\"", html);
        Assert.Contains($"<title id=\"trend-titel\">{BilagBuilder.TrendChartTitle(2025, 2027)}</title>", html);
        var description = Regex.Match(html, "<desc id=\"trend-beskrivelse\">([^<]*)</desc>").Groups[1].Value;
        Assert.All(Years, y => Assert.Contains(y + ": ", description));

        // The Word chart of a bilag over the same years: its series (one per status) hold the counts per year.
        var bilag = BilagBuilder.Build(Input() with { EarlierYears = BilagAccessibilityTests.EarlierYears() });
        using var stream = new MemoryStream(bilag);
        using var document = WordprocessingDocument.Open(stream, false);
        var trendChart = document.MainDocumentPart!.ChartParts.Single(p => p.ChartSpace.Descendants<C.BarDirection>().Single().Val!.Value == C.BarDirectionValues.Column);
        var wordSeries = trendChart.ChartSpace.Descendants<C.BarChartSeries>()
            .Select(s => s.GetFirstChild<C.Values>()!.Descendants<C.NumericValue>().Select(v => int.Parse(v.Text, CultureInfo.InvariantCulture)).ToArray())
            .ToList();

        // The data table: a row per status (and "I alt"), a column per year.
        var table = Regex.Match(html, "<caption id=\"trend-data\"[^>]*>.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(Years, Regex.Matches(table, "<th scope=\"col\">(\\d+)</th>").Select(m => m.Groups[1].Value));
        var rows = Regex.Matches(table, "<tr><th scope=\"row\">([^<]+)</th>(.*?)</tr>", RegexOptions.Singleline)
            .Select(m => (Status: m.Groups[1].Value, Values: Regex.Matches(m.Groups[2].Value, "<td>(\\d+)</td>").Select(v => int.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray()))
            .ToList();
        Assert.Equal([.. StatusColumn.All.Select(c => c.Heading), "I alt"], rows.Select(r => r.Status));
        for (var s = 0; s < StatusColumn.All.Count; s++)
        {
            Assert.Equal(wordSeries[s], rows[s].Values);
        }

        Assert.All(rows[^1].Values, total => Assert.Equal(29 * 16, total));

        // One pattern per hatched status, and each bar's segments filled like the Word chart's series.
        Assert.All(StatusColumn.All.Where(c => c.Pattern != Hatch.None), c => Assert.Contains($"<pattern id=\"{TrendChart.PatternId(c)}\"", html));
        Assert.Contains($"fill=\"url(#{TrendChart.PatternId(StatusColumn.Roed)})\"", html);
    }

    [Fact]
    public void A_text_changed_under_the_same_id_is_marked_on_the_page()
    {
        var html = System.Net.WebUtility.HtmlDecode(Html(History()));

        Assert.Single(Regex.Matches(html, "teksten er ændret siden 2026"));
        Assert.Matches("<th scope=\"row\">2027<br><span class=\"muted\">\\* teksten er ændret siden 2026</span></th>", html);
    }

    [Fact]
    public void With_one_year_the_page_shows_no_chart_and_says_why()
    {
        var html = System.Net.WebUtility.HtmlDecode(Html(History().Take(1).ToList()));

        Assert.DoesNotContain("<svg", html);
        Assert.Contains("Der er kun ét år i Fremdrift", html);
    }

    [Fact]
    public async Task The_trend_page_passes_axe_and_fits_a_390_px_screen_and_1280_px()
    {
        var html = Html(History());
        foreach (var phone in new[] { true, false })
        {
            var context = await TestBrowser.NewContextAsync(phone);
            var page = await context.NewPageAsync();
            await page.SetContentAsync(html);

            Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scroll, client) = (widths[0], widths[1]);
            Assert.True(scroll <= client, $"{(phone ? 390 : 1280)} px: the page is {scroll} px wide");
            var svgWidth = await page.EvaluateAsync<double>("() => document.querySelector('svg[role=img]').getBoundingClientRect().width");
            Assert.InRange(svgWidth, 300, client);
            await TestBrowser.ScreenshotAsync(page, phone ? "udvikling-390.png" : "udvikling-1280.png", height: phone ? 1100 : 900);
            await context.CloseAsync();
        }
    }
}
