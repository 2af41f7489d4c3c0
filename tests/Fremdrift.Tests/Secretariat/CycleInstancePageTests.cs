using System.Net;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Secretariat;

public class CycleInstancePageTests
{
    private static readonly CycleInstanceView Failed = new(
        2027,
        "followup-2027",
        "Fejlet",
        new DateTimeOffset(2027, 1, 6, 7, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 2, 14, 8, 0, 5, TimeSpan.Zero),
        "Kørte 29 handlinger; beslutter igen.",
        "TaskFailedException: <script>alert(1)</script> storage down");

    [Fact]
    public void The_restart_form_posts_the_year_under_the_hosts_secretariat_root()
    {
        var html = CycleInstancePage.Render(Failed, null, false);

        Assert.Contains("<form method=\"post\" action=\"/sekretariat/aarshjul/genstart\"><input type=\"hidden\" name=\"aar\" value=\"2027\" />", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/sekretariat?aar=2027\"", html, StringComparison.Ordinal);
        Assert.Contains("followup-2027", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_text_and_messages_are_encoded_and_times_shown_in_Copenhagen_time()
    {
        var html = CycleInstancePage.Render(Failed, "<b>genstartet</b>", false);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>genstartet</b>", html, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script> storage down", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Kørte 29 handlinger", WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        // 08:00 UTC on 14 February is 09:00 in Copenhagen (winter time).
        Assert.Contains("søndag den 14. februar 2027 kl. 09.00", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_instance_the_page_says_it_does_not_run_and_still_offers_the_start()
    {
        var html = WebUtility.HtmlDecode(CycleInstancePage.Render(new CycleInstanceView(2028, "followup-2028", null, null, null, null, null), null, false));

        Assert.Contains("Kører ikke", html, StringComparison.Ordinal);
        Assert.Contains("Intet kører for 2028.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Fejl", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2028\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_passes_axe_wcag_checks_in_chromium()
    {
        var context = await TestBrowser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.SetContentAsync(CycleInstancePage.Render(Failed, "Årshjulet er genstartet.", false));

        Assert.Equal("Årshjulets kørsel 2027", await page.InnerTextAsync("h1"));
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        await context.CloseAsync();
    }
}
