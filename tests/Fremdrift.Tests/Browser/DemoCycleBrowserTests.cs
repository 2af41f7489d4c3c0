using System.Text.RegularExpressions;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Cycle;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Browser;

/// <summary>
/// After a whole demo cycle (the pages then hold what a real year gives them: 29 jobcentres, mails of every kind,
/// a bilag, own forms), every page and every mail in the outbox, at 390 and 1280 px in Chromium: nothing is wider
/// than the screen, and axe finds no WCAG 2.1 AA violation.
/// </summary>
public partial class DemoCycleBrowserTests
{
    private static HttpCredentials Secretariat => new() { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword };

    [Fact]
    public async Task Every_page_and_every_mail_after_a_demo_cycle_fits_a_phone_and_passes_axe()
    {
        await using var server = await Cycle.CycleDemoTests.StartDemoAsync(answers: 12, seed: 7, patience: TimeSpan.FromMinutes(3));
        var year = server.Get<CycleStarter>().YearToPlan();

        var mails = server.Get<OutboxStore>().List();
        var chiefLink = UrlPattern().Match(mails.First(m => m.Tags.GetValueOrDefault("step") == "invitation").Text).Value;
        var pages = new[]
        {
            "/", "/sekretariat", $"/sekretariat?aar={year}", $"/sekretariat?aar={year}&vis=log", "/sekretariat/udbakke", $"/sekretariat/dokumenter?aar={year}",
            "/sekretariat/indlaes", "/sekretariat/indlaes/udvikling", "/sekretariat/aarshjul", "/sekretariat/jobcenter/101",
            "/sekretariat/jobcenter/999", "/sekretariat/kommando/luk", "/skema/abc", chiefLink,
        };
        // axe once per kind of mail (the same view with other names); the width check on every single mail.
        var axeMails = mails.GroupBy(m => m.Tags.GetValueOrDefault("step") is { } step ? Regex.Replace(step, "[0-9]+$", "") : m.Subject)
            .Select(g => g.First().Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(mails.Count >= 29 + 12, $"only {mails.Count} mails in the outbox");

        var problems = new List<string>();
        foreach (var phone in new[] { true, false })
        {
            await using var context = await TestBrowser.NewContextAsync(phone, Secretariat);
            var page = await context.NewPageAsync();
            var width = phone ? 390 : 1280;
            foreach (var path in pages)
            {
                await page.GotoAsync(path.StartsWith("http", StringComparison.Ordinal) ? path : server.BaseUrl + path);
                await CheckAsync(page, path, width, axe: true, problems);
            }

            foreach (var mail in mails)
            {
                await page.GotoAsync($"{server.BaseUrl}/sekretariat/udbakke/{mail.Id}");
                await CheckAsync(page, $"mail \"{mail.Subject}\"", width, axe: axeMails.Contains(mail.Id), problems);
            }

            // The årshjul page speaks of the year the status page shows.
            await page.GotoAsync(server.BaseUrl + "/sekretariat");
            var shown = Regex.Match(await page.InnerTextAsync("h1"), "[0-9]{4}").Value;
            await TestBrowser.ScreenshotAsync(page, $"sekretariat-{width}.png", height: phone ? 2400 : 1600);
            await page.GotoAsync($"{server.BaseUrl}/sekretariat?aar={shown}&vis=log");
            Assert.Equal($"Log over handlinger {shown}", await page.InnerTextAsync("h1"));
            await TestBrowser.ScreenshotAsync(page, $"log-{width}.png");
            await page.GotoAsync(server.BaseUrl + "/sekretariat");
            await page.GotoAsync(server.BaseUrl + "/sekretariat/aarshjul");
            Assert.Equal($"Årshjulets kørsel {shown}", await page.InnerTextAsync("h1"));
            Assert.Contains($"Intet kører for {shown}.", await page.InnerTextAsync("main"), StringComparison.Ordinal);

            await ScreenshotsAsync(page, server, mails, width);
        }

        Assert.Empty(problems);
    }

    private static async Task CheckAsync(IPage page, string what, int width, bool axe, List<string> problems)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        if (scroll > client)
        {
            // The innermost elements that stick out, so that the message says what to fix.
            var culprits = await page.EvaluateAsync<string[]>("""
                () => [...document.body.querySelectorAll('*')]
                  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                    && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
                  .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className + ' "' + (e.textContent || '').trim().slice(0, 40) + '"')
                """);
            problems.Add($"{what} at {width} px is {scroll} px wide: {string.Join("; ", culprits)}");
        }

        if (axe)
        {
            foreach (var violation in await TestBrowser.AxeViolationsAsync(page))
            {
                problems.Add($"{what} at {width} px: {violation}");
            }
        }
    }

    /// <summary>The README's and docs' pictures, when FREMDRIFT_SCREENSHOTS is set (see TestBrowser.ScreenshotAsync).</summary>
    private static async Task ScreenshotsAsync(IPage page, TestDevServer server, IReadOnlyList<OutboxMail> mails, int width)
    {
        var reminder = mails.FirstOrDefault(m => m.Tags.GetValueOrDefault("step")?.StartsWith("reminder", StringComparison.Ordinal) == true) ?? mails[0];
        foreach (var (path, name) in new[]
        {
            ($"/sekretariat/udbakke/{reminder.Id}", "mail"),
            ("/sekretariat/dokumenter", "dokumenter"),
            ("/sekretariat/udbakke", "udbakke"),
        })
        {
            await page.GotoAsync(server.BaseUrl + path);
            await TestBrowser.ScreenshotAsync(page, $"{name}-{width}.png");
        }
    }

    [GeneratedRegex(@"https?://\S+/skema/[A-Za-z0-9_-]+")]
    private static partial Regex UrlPattern();
}
