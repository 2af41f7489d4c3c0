using System.Text.RegularExpressions;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;

namespace Fremdrift.Tests.Secretariat;

public partial class SecretariatPageTests
{
    private static readonly Jobcentre Ballerup = new(151, "Ballerup", "Jobcenter Ballerup", "Chef", "chef@ballerup.example");

    [Fact]
    public void Without_the_outbox_link_every_link_and_form_points_under_sekretariat_and_none_to_the_outbox()
    {
        var view = new SecretariatView(2027, new CycleSnapshot(2027, null, [], [], false, false, TimeSpan.FromMinutes(15)), [], [], new Dictionary<int, Jobcentre> { [151] = Ballerup }, DateTimeOffset.UnixEpoch, 1, ShowOutboxLink: false);

        var pages = new[] { SecretariatPage.Render(view, null, false), SecretariatPage.ContactForm(Ballerup, "v1", null, null, false) };

        var targets = pages.SelectMany(p => Target().Matches(p).Select(m => m.Groups[1].Value)).ToList();
        Assert.Contains("/sekretariat/kommando/start", targets);
        Assert.Contains("/sekretariat/jobcenter/151", targets);
        Assert.All(targets, t => Assert.StartsWith("/sekretariat", t, StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.Contains("udbakke", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_outbox_link_the_status_page_links_the_outbox()
    {
        var view = new SecretariatView(2027, new CycleSnapshot(2027, null, [], [], false, false, TimeSpan.FromMinutes(15)), [], [], new Dictionary<int, Jobcentre>(), DateTimeOffset.UnixEpoch, 1, ShowOutboxLink: true);

        Assert.Contains("href=\"/sekretariat/udbakke\"", SecretariatPage.Render(view, null, false), StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:href|action)=\"(/[^\"]*)\"")]
    private static partial Regex Target();
}
