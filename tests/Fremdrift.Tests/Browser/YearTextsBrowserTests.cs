using Fremdrift.DevServer;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Browser;

/// <summary>
/// The mail-text editor with its preview and the readiness page in headless Chromium at 1280 and 390 px: axe finds
/// nothing, nothing is wider than the screen, and a text typed, previewed and saved comes back saved.
/// </summary>
public class YearTextsBrowserTests
{
    private static HttpCredentials Secretariat => new() { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword };

    private static async Task AssertFitsAndPassesAxeAsync(IPage page, string what)
    {
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        // Against the viewport's own width too: a phone's browser widens its layout viewport to fit what overflows,
        // so scrollWidth <= innerWidth alone would pass a page that is too wide. And no element may stick out.
        var width = page.ViewportSize!.Width;
        Assert.True(await page.EvaluateAsync<bool>($"() => document.documentElement.scrollWidth <= {width} && window.innerWidth <= {width}"),
            $"{what} is wider than {width} px: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
        var sticking = await page.EvaluateAsync<string[]>($"() => [...document.querySelectorAll('main *, footer *')].filter(e => e.getBoundingClientRect().right > {width} + 1).map(e => e.tagName + '.' + e.className)");
        Assert.True(sticking.Length == 0, $"{what}: wider than the screen: {string.Join(", ", sticking)}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_mail_text_editor_previews_with_a_jobcentres_values_and_saves(bool phone)
    {
        await using var server = await TestDevServer.StartAsync(new Dictionary<string, string?> { ["Mail:Provider"] = "Outbox" });
        await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
        var page = await context.NewPageAsync();

        // From the cockpit, through its readiness box.
        await page.GotoAsync(server.BaseUrl + "/sekretariat?aar=2028");
        await page.ClickAsync("text=Mailtekster 2028");
        Assert.Equal("Mailtekster 2028", await page.InnerTextAsync("h1"));
        await AssertFitsAndPassesAxeAsync(page, "the editor");

        await page.ClickAsync("a:has-text('Påmindelse 1')");
        await page.FillAsync("#emne", "Husk skemaet for {år}, {jobcenter}");
        await page.FillAsync("#tekst", "Kære {chef}\n\nDer er {dage_tilbage} dage til svarfristen {svarfrist}.\n\n{status}\n\n{mangler}\n\n{link}\n\nVenlig hilsen\nSekretariatet");
        await page.SelectOptionAsync("#jobcenter", "165");
        await page.ClickAsync("button:has-text('Forhåndsvis')");

        var preview = await page.InnerTextAsync("section[aria-labelledby=h-vis]");
        Assert.Contains("Forhåndsvisning: Jobcenter Albertslund", preview, StringComparison.Ordinal);
        Assert.Contains("Husk skemaet for 2028, Jobcenter Albertslund", preview, StringComparison.Ordinal);
        Assert.Contains("V2: Mangler status", preview, StringComparison.Ordinal);
        Assert.Equal("Husk skemaet for {år}, {jobcenter}", await page.InputValueAsync("#emne"));
        await AssertFitsAndPassesAxeAsync(page, "the editor with a preview");
        await TestBrowser.ScreenshotAsync(page, phone ? "mailtekster-390.png" : "mailtekster-1280.png", height: phone ? 2400 : 1700);

        await page.ClickAsync("button:has-text('Gem teksten')");
        Assert.Contains("Teksten til Påmindelse 1 for 2028 er gemt.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal("Husk skemaet for {år}, {jobcenter}", await page.InputValueAsync("#emne"));
        Assert.Contains("Rettet af sekretariat (lokal)", await page.InnerTextAsync("nav[aria-labelledby=h-mails]"), StringComparison.Ordinal);

        // A refused text: the error is named and read out, the typed text stays.
        await page.FillAsync("#tekst", "Kære {chef}, svar venligst.");
        await page.ClickAsync("button:has-text('Gem teksten')");
        Assert.Contains("skal indeholde {link}", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal("Kære {chef}, svar venligst.", await page.InputValueAsync("#tekst"));
        await AssertFitsAndPassesAxeAsync(page, "the editor with an error");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_readiness_page_shows_each_check_green_or_red_in_words(bool phone)
    {
        await using var server = await TestDevServer.StartAsync(new Dictionary<string, string?> { ["Mail:Provider"] = "Outbox" });
        await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
        var page = await context.NewPageAsync();

        await page.GotoAsync(server.BaseUrl + "/sekretariat?aar=2028");
        Assert.Contains("Link til tilgængelighedserklæringen (Site__AccessibilityStatementUrl) mangler", await page.InnerTextAsync("section.klar"), StringComparison.Ordinal);
        await page.ClickAsync("text=Hele tjeklisten for 2028");

        Assert.Equal("Klar til 2028?", await page.InnerTextAsync("h1"));
        Assert.Equal(7, await page.Locator("ul.tjek > li").CountAsync());
        Assert.Equal(1, await page.Locator("ul.tjek > li.roed").CountAsync());
        Assert.Contains("✗ Skal rettes", await page.InnerTextAsync("ul.tjek > li.roed"), StringComparison.Ordinal);
        Assert.Contains("1 af 7 punkter skal rettes", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // The secretariat sees the missing links named in the footer too.
        Assert.Contains("Site__PrivacyNoticeUrl", await page.InnerTextAsync("footer"), StringComparison.Ordinal);
        await AssertFitsAndPassesAxeAsync(page, "the readiness page");
        await TestBrowser.ScreenshotAsync(page, phone ? "klar-390.png" : "klar-1280.png", height: phone ? 2600 : 1400);
    }
}
