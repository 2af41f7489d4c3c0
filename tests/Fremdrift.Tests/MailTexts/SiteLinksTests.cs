using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Site;
using Fremdrift.Shared.Web;

namespace Fremdrift.Tests.MailTexts;

/// <summary>The accessibility statement and the privacy notice: in every page footer and every mail; a missing one named to the secretariat only.</summary>
public class SiteLinksTests
{
    private static readonly SiteLinks Both = new("https://was.digst.dk/fremdrift-kkr", "https://kkr.example/privatliv");

    private static string Page() => HtmlLayout.MessagePage("Titel", "Overskrift", "Tekst");

    private static string Mail() => MailTextMails.Html(new RenderedMail("Emne", [new MailBlock.Paragraph([[new MailSpan("Hej")]])]));

    [Fact]
    public void Pages_and_mails_link_both_when_set()
    {
        using var _ = SiteNotices.Use(Both);

        Assert.Contains("<footer class=\"fod\">", Page(), StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://was.digst.dk/fremdrift-kkr\">Tilgængelighedserklæring</a>", Page(), StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://kkr.example/privatliv\">Sådan behandler vi personoplysninger</a>", Page(), StringComparison.Ordinal);
        Assert.Contains("href=\"https://was.digst.dk/fremdrift-kkr\" style=\"color:#0b4f8a\">Tilgængelighedserklæring</a>", Mail(), StringComparison.Ordinal);
        Assert.Contains("href=\"https://kkr.example/privatliv\" style=\"color:#0b4f8a\">Sådan behandler vi personoplysninger</a>", Mail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_link_is_left_out_for_a_chief_and_named_to_the_secretariat()
    {
        using var _ = SiteNotices.Use(new SiteLinks(null, "https://kkr.example/privatliv"));

        var chief = Page();
        Assert.DoesNotContain("Tilgængelighedserklæring", chief, StringComparison.Ordinal);
        Assert.DoesNotContain("Site__", chief, StringComparison.Ordinal);
        Assert.Contains("Sådan behandler vi personoplysninger", chief, StringComparison.Ordinal);
        Assert.DoesNotContain("Tilgængelighedserklæring", Mail(), StringComparison.Ordinal);

        // The gate marks the request's own flow; a task has a copy of it, so the mark stays inside.
        var html = await Task.Run(() =>
        {
            SiteNotices.MarkSecretariatReader();
            return Page();
        });
        Assert.Contains("Link til tilgængelighedserklæringen mangler: sæt indstillingen Site__AccessibilityStatementUrl", html, StringComparison.Ordinal);
        Assert.False(SiteNotices.ForSecretariatReader);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("was.digst.dk/uden-skema")]
    [InlineData("javascript:alert(1)")]
    public void A_setting_that_is_not_an_http_address_counts_as_missing(string? value)
    {
        var links = SiteLinks.From(new SiteOptions { AccessibilityStatementUrl = value, PrivacyNoticeUrl = "https://kkr.example/privatliv" });

        Assert.Null(links.AccessibilityStatementUrl);
        Assert.Equal(["tilgængelighedserklæringen (Site__AccessibilityStatementUrl)"], links.Missing());
    }
}
