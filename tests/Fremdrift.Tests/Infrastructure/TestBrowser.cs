using Fremdrift.DevServer.Azurite;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven by Playwright (no browser download), with axe-core from tools/node_modules
/// for accessibility checks. One browser per test run; each test opens its own context.
/// </summary>
internal static class TestBrowser
{
    private static readonly Lazy<Task<IBrowser>> Instance = new(async () =>
    {
        var playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("FREMDRIFT_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"Chromium mangler ({executable}). Kør scripts/test.sh, der installerer den (apt-pakken chromium).");
        }

        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        };
        return browser;
    });

    public static Task<IBrowser> GetAsync() => Instance.Value;

    /// <summary>A fresh context; a phone-sized viewport when <paramref name="phone"/> is set.</summary>
    public static async Task<IBrowserContext> NewContextAsync(bool phone = false, HttpCredentials? credentials = null)
    {
        var browser = await GetAsync();
        return await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "da-DK",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HttpCredentials = credentials,
        });
    }

    /// <summary>
    /// Saves a screenshot of the first screen into FREMDRIFT_SCREENSHOTS (e.g. docs/) when that is set; otherwise
    /// does nothing, so an ordinary test run never touches the repository.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string fileName, int height = 0)
    {
        var folder = Environment.GetEnvironmentVariable("FREMDRIFT_SCREENSHOTS");
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var width = page.ViewportSize?.Width ?? 1280;
        await page.ScreenshotAsync(height == 0
            ? new PageScreenshotOptions { Path = Path.Combine(folder, fileName) }
            : new PageScreenshotOptions { Path = Path.Combine(folder, fileName), FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = width, Height = height } });
    }

    private static readonly Lazy<string> AxeScript = new(() =>
        File.ReadAllText(Path.Combine(AzuriteProcess.RepositoryRoot(), "tools", "node_modules", "axe-core", "axe.min.js")));

    /// <summary>Runs axe-core with the WCAG 2.1 A/AA rules on the page; returns "rule: target" lines for each violation.</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript.Value });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa'] } });
              return JSON.stringify(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')));
            }
            """);
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
