using Fremdrift.DevServer;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Browser;

/// <summary>
/// The secretariat in headless Chromium on a desktop (1280 px) and a phone (390 px): the status page at a glance
/// passes axe and never scrolls sideways (the matrix and the tables scroll in their own box), and closing the
/// cycle goes through a confirmation page that can be cancelled.
/// </summary>
public class SecretariatBrowserTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());

    private static HttpCredentials Secretariat => new() { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword };

    private static async Task<CycleTestHost> CycleWithAnswersAsync()
    {
        var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(10), loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        var runner = host.Server.Get<CycleActionRunner>();
        await runner.OpenAsync(2027);
        foreach (var code in new[] { 101, 147, 151, 153, 155, 157 })
        {
            await runner.RunAsync(new CycleAction.SendInvitation(2027, code));
        }

        foreach (var code in new[] { 151, 153, 155 })
        {
            await host.SubmitAsync(2027, code);
        }

        return host;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_status_page_passes_axe_and_never_scrolls_sideways(bool phone)
    {
        await using var host = await CycleWithAnswersAsync();
        await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(host.Server.BaseUrl + "/sekretariat");

        Assert.Equal(200, response!.Status);
        Assert.Equal("Opfølgningen 2027", await page.InnerTextAsync("h1"));
        Assert.Contains("3 af 29", await page.InnerTextAsync("#h-status + dl"), StringComparison.Ordinal);
        Assert.Equal(16, await page.Locator("table.matrix tbody tr").CountAsync());
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page scrolls sideways: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
        await TestBrowser.ScreenshotAsync(page, phone ? "sekretariat-390.png" : "sekretariat-1280.png", height: phone ? 2600 : 2000);

        // The secretariat's other pages: the same rules.
        foreach (var path in new[] { "/sekretariat/udbakke", "/sekretariat?aar=2027&vis=log", "/sekretariat/dokumenter?aar=2027", "/sekretariat/jobcenter/101", "/sekretariat/aarshjul", "/" })
        {
            Assert.Equal(200, (await page.GotoAsync(host.Server.BaseUrl + path))!.Status);
            Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{path} scrolls sideways: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
        }

        await page.GotoAsync(host.Server.BaseUrl + "/sekretariat/udbakke");
        await page.Locator("a", new() { HasText = "Vis mailen" }).First.ClickAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "a mail in the outbox scrolls sideways");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Closing_asks_first_cancelling_changes_nothing_and_confirming_closes(bool phone)
    {
        await using var host = await CycleWithAnswersAsync();
        await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync(host.Server.BaseUrl + "/sekretariat");

        // The close button is dangerous-looking and not in the same form as "Flyt svarfristen".
        var close = page.Locator("button", new() { HasText = "Luk opfølgningen nu" });
        Assert.Equal("rgb(161, 29, 29)", await close.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Equal(0, await page.Locator("form:has(#svarfrist) button.danger").CountAsync());
        await close.ClickAsync();

        Assert.Equal("Luk opfølgningen 2027 nu?", await page.InnerTextAsync("h1"));
        Assert.Contains("3 af 29 har indsendt", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the confirmation scrolls sideways");
        await TestBrowser.ScreenshotAsync(page, phone ? "bekraeft-390.png" : "bekraeft-1280.png");

        await page.ClickAsync("text=Annullér");
        Assert.Equal("Opfølgningen 2027", await page.InnerTextAsync("h1"));
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);

        await page.Locator("button", new() { HasText = "Luk opfølgningen nu" }).ClickAsync();
        await page.ClickAsync("button.danger");
        Assert.Contains("Opfølgningen er lukket", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var cycle = await host.CycleAsync(2027);
        Assert.Equal((CycleState.Closed, CloseReason.Secretariat), (cycle.State, cycle.CloseReason));
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        Assert.Equal(0, dialogs);
    }
}
