using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Browser;

public class HomePageBrowserTests
{
    [Fact]
    public async Task Start_page_lists_the_29_seeded_jobcentres_without_the_chiefs_names_or_addresses_in_a_real_browser()
    {
        await using var server = await TestDevServer.StartAsync();
        await using var context = await TestBrowser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(server.BaseUrl + "/");

        Assert.Equal(200, response!.Status);
        Assert.Equal(29, await page.Locator("tbody tr").CountAsync());
        Assert.Contains("Jobcenter Høje-Taastrup", await page.InnerTextAsync("table"), StringComparison.Ordinal);
        var text = await page.InnerTextAsync("body");
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        foreach (var j in await server.Get<Fremdrift.Shared.Storage.JobcentreRepository>().ListAsync())
        {
            Assert.DoesNotContain(j.ChiefName, text, StringComparison.Ordinal);
        }

        Assert.Equal("no-store", response.Headers["cache-control"]);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
    }
}
