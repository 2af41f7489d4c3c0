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
        var view = new SecretariatView(2027, new CycleSnapshot(2027, null, [], [], false, false, TimeSpan.FromMinutes(15)), [], new Dictionary<int, Jobcentre> { [151] = Ballerup }, DateTimeOffset.UnixEpoch, 1, ShowOutboxLink: false);

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
        var view = new SecretariatView(2027, new CycleSnapshot(2027, null, [], [], false, false, TimeSpan.FromMinutes(15)), [], new Dictionary<int, Jobcentre>(), DateTimeOffset.UnixEpoch, 1, ShowOutboxLink: true);

        Assert.Contains("href=\"/sekretariat/udbakke\"", SecretariatPage.Render(view, null, false), StringComparison.Ordinal);
    }

    private static SecretariatView ClosedEarly(DateTimeOffset closedAt)
    {
        var plan = CycleSchedule.Plan(2027, new CycleOptions());
        var cycle = plan with { State = CycleState.Closed, ClosedAt = closedAt, ClosedReason = "Lukket af sekretariatet" };
        var jobcentres = new[]
        {
            new JobcentreCycleState(151, "Jobcenter Ballerup", true, true, false, ResponseState.Submitted, true, []),
            new JobcentreCycleState(101, "Jobcenter København", true, true, false, ResponseState.Draft, false, []),
            new JobcentreCycleState(147, "Jobcenter Frederiksberg", true, true, false, ResponseState.NotOpened, false, []),
        };
        return new SecretariatView(2027, new CycleSnapshot(2027, cycle, jobcentres, [], false, false, TimeSpan.FromMinutes(15)), [], new Dictionary<int, Jobcentre>(), closedAt.AddDays(1), 1, ShowOutboxLink: false);
    }

    [Fact]
    public void After_an_early_close_the_timeline_marks_the_reminders_and_deadline_still_to_come_as_dropped()
    {
        var plan = CycleSchedule.Plan(2027, new CycleOptions());
        var reminders = CycleSchedule.Reminders(plan).ToList();
        var closedAt = reminders[0].DueAt.AddDays(1);

        var html = System.Net.WebUtility.HtmlDecode(SecretariatPage.Render(ClosedEarly(closedAt), null, false));

        var timeline = Regex.Match(html, "<ol class=\"tidslinje\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("Påmindelse 1<span", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("Påmindelse 1 – bortfaldet", timeline, StringComparison.Ordinal);
        foreach (var later in reminders.Skip(1))
        {
            Assert.Contains($"Påmindelse {later.Round} – bortfaldet", timeline, StringComparison.Ordinal);
        }

        Assert.Contains("Svarfrist – bortfaldet", timeline, StringComparison.Ordinal);
        Assert.Contains("Lukket før svarfristen", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_box_names_those_who_have_not_answered()
    {
        var html = System.Net.WebUtility.HtmlDecode(SecretariatPage.Render(ClosedEarly(CycleSchedule.Plan(2027, new CycleOptions()).Deadline), null, false));

        var box = Regex.Match(html, "<dl class=\"status\">(.*?)</dl>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("Svarede ikke", box, StringComparison.Ordinal);
        Assert.Contains("2: København, Frederiksberg", box, StringComparison.Ordinal);
        Assert.DoesNotContain("Ballerup", box, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_secretariat_page_leads_back_to_the_status_page_from_its_header_and_a_chiefs_page_does_not()
    {
        var view = new SecretariatView(2027, new CycleSnapshot(2027, null, [], [], false, false, TimeSpan.FromMinutes(15)), [], new Dictionary<int, Jobcentre>(), DateTimeOffset.UnixEpoch, 1, ShowOutboxLink: false);
        var header = new Regex("<header class=\"top\">(.*?)</header>", RegexOptions.Singleline);
        var pages = new[]
        {
            SecretariatPage.Render(view, null, false),
            SecretariatPage.ContactForm(Ballerup, "v1", null, null, false),
            SecretariatPage.UnknownJobcentre(),
            CycleInstancePage.Render(new CycleInstanceView(2027, "followup-2027", null, null, null, null, null), null, false),
            Shared.Web.HtmlLayout.SecretariatMessagePage("Årshjulets kørsel", "Årshjulets kørsel", "Slået fra."),
            System.Text.Encoding.UTF8.GetString(SecretariatPage.ButtonAddressOpened().Body),
        };

        Assert.All(pages, p => Assert.Contains("<a href=\"/sekretariat\">KKR Hovedstaden · Fremdrift", header.Match(p).Groups[1].Value, StringComparison.Ordinal));
        var chiefs = Shared.Web.HtmlLayout.MessagePage("Linket virker ikke", "Linket virker ikke");
        Assert.DoesNotContain("<a ", header.Match(chiefs).Groups[1].Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:href|action)=\"(/[^\"]*)\"")]
    private static partial Regex Target();
}
