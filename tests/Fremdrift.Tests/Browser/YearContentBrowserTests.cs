using Fremdrift.DevServer;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Browser;

/// <summary>
/// Next year's recommendations and schedule in headless Chromium on a desktop (1280 px) and a phone (390 px): the
/// editor and the preview pass axe and never scroll sideways; a recommendation is reworded, one is added and one
/// retires through the page; the preview shows the chief's form with the change and cannot be submitted.
/// </summary>
public class YearContentBrowserTests
{
    private static readonly DateTimeOffset Autumn2027 = new(2027, 10, 1, 10, 0, 0, TimeSpan.Zero);

    private static HttpCredentials Secretariat => new() { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword };

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{what} scrolls sideways: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_editor_and_the_preview_pass_axe_never_scroll_sideways_and_carry_an_edit_to_the_chiefs_form(bool phone)
    {
        await using var host = await CycleTestHost.StartAsync(Autumn2027, loop: false);
        await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        // From the cockpit to next year's page.
        await page.GotoAsync(host.Server.BaseUrl + "/sekretariat");
        await page.ClickAsync("text=Anbefalinger og tidsplan for 2028");
        Assert.Equal("Anbefalinger og tidsplan 2028", await page.InnerTextAsync("h1"));
        await AssertAccessibleAsync(page, "the editor");
        await TestBrowser.ScreenshotAsync(page, phone ? "anbefalinger-390.png" : "anbefalinger-1280.png", height: phone ? 2400 : 1600);

        // Reword V1 and retire the last recommendation of area D in one save.
        await page.FillAsync("#tekst-V1", "Alle kommuner skal være en del af et formaliseret virksomhedsberedskab (2028).");
        var lastD = await page.Locator("fieldset.anb[id^='a-D']").Last.GetAttributeAsync("id");
        var retiredId = lastD!["a-".Length..];
        await page.CheckAsync($"#udgaar-{retiredId}");
        await page.ClickAsync("text=Gem ændringerne");
        Assert.Contains("Ændringerne er gemt: 2 ændringer.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains(retiredId, await page.InnerTextAsync("#udgaaede + p + ul"), StringComparison.Ordinal);

        // A new recommendation: refused without a text (Danish, linked to the field), then added with one.
        await page.SelectOptionAsync("#ny-omraade", "B");
        await page.ClickAsync("text=Tilføj anbefalingen");
        Assert.Contains("Den nye anbefaling: skriv anbefalingens tekst.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "the editor with errors");
        await page.FillAsync("#ny-tekst", "Jobcentrene deler ledige stillinger med nabokommunerne.");
        await page.ClickAsync("text=Tilføj anbefalingen");
        Assert.Contains("Tilføjede anbefaling B", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // The schedule: an opening on a holiday is refused in Danish; a working day is taken.
        await page.FillAsync("#aabning", "2028-01-01");
        await page.ClickAsync("text=Gem tidsplanen");
        Assert.Contains("Åbningsdagen lørdag den 1. januar 2028 er ikke en arbejdsdag (nytårsdag).", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.FillAsync("#aabning", "2028-01-11");
        await page.ClickAsync("text=Gem tidsplanen");
        Assert.Contains("Tidsplanen er gemt. Åbner tirsdag den 11. januar 2028 kl. 08.00", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // The preview: the chief's form with the draft, for a real jobcentre, and it cannot be saved or submitted.
        await page.ClickAsync("text=Forhåndsvis skemaet");
        Assert.Equal("Fremdriftsskema 2028", await page.InnerTextAsync("h1"));
        Assert.Contains("Forhåndsvisning.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("(2028).", await page.InnerTextAsync("#r-V1 legend"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#r-{retiredId}").CountAsync());
        Assert.True(await page.Locator("button", new() { HasText = "Indsend" }).IsDisabledAsync());
        Assert.True(await page.Locator("button", new() { HasText = "Gem kladde" }).IsDisabledAsync());
        await AssertAccessibleAsync(page, "the preview");
        await TestBrowser.ScreenshotAsync(page, phone ? "forhaandsvisning-390.png" : "forhaandsvisning-1280.png", height: phone ? 1800 : 1200);
        await page.ClickAsync("text=Tilbage til anbefalingerne");
        Assert.Equal("Anbefalinger og tidsplan 2028", await page.InnerTextAsync("h1"));

        var stored = (await host.Server.Get<YearCatalogueRepository>().GetAsync(2028))!;
        Assert.True(stored.Recommendations.Single(r => r.Id == retiredId).Retired);
        Assert.Equal(0, dialogs);
    }
}
