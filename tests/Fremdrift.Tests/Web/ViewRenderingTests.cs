using System.Diagnostics;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Xunit.Abstractions;

namespace Fremdrift.Tests.Web;

/// <summary>Pages and mails rendered as Razor components: encoding by construction, typed notices, size.</summary>
public class ViewRenderingTests(ITestOutputHelper output)
{
    private const string Hostile = "<script>alert('x')</script> & \"Ærø\"";

    private static readonly Shared.Domain.Catalogue Catalogue = CatalogueFile.LoadBuiltIn(2015).ForYear(2027);

    private static SurveyFormView Form(IReadOnlyList<Answer> values, FormNotice? notice = null, IReadOnlyList<FieldProblem>? problems = null) =>
        new(Catalogue, "Jobcenter " + Hostile, 2027, new DateTimeOffset(2027, 2, 26, 22, 59, 0, TimeSpan.Zero), SurveyResponse.New(2027, 101),
            "v\"1", values, null, problems ?? [], notice, new SurveyRules(4000, true));

    [Fact]
    public void Text_typed_by_people_reaches_the_form_as_text_never_as_markup_and_letters_stay_readable()
    {
        var html = SurveyFormPage.Render(Form(Catalogue.AllRecommendations.Select(r => new Answer(r.Id, Rating.Gul, "\n" + Hostile)).ToList()));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Ærø&quot;", html, StringComparison.Ordinal);
        Assert.Contains("value=\"v&quot;1\"", html, StringComparison.Ordinal);

        // The parser swallows one newline after <textarea>; the view adds one so a remark's own leading newline survives.
        Assert.Contains("maxlength=\"4000\">&#xA;&#xA;&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FormNoticeKind.DraftSaved, "ok", "status", "Kladden er gemt.")]
    [InlineData(FormNoticeKind.NothingSavedFixMarked, "error", "alert", "<strong>Intet er gemt.</strong> Ret det markerede")]
    [InlineData(FormNoticeKind.StorageUnavailable, "error", "alert", "<strong>Intet er gemt</strong>, fordi vores lager ikke svarer")]
    [InlineData(FormNoticeKind.NotSubmitted, "error", "alert", "<strong>Skemaet er ikke indsendt.</strong> Det, I har skrevet, er gemt som kladde.")]
    [InlineData(FormNoticeKind.Conflict, "error", "alert", "<strong>Intet er gemt endnu:</strong> skemaet er blevet ændret i et andet vindue")]
    public void Each_notice_kind_has_its_Danish_text_class_and_role(FormNoticeKind kind, string css, string role, string text)
    {
        var problems = kind == FormNoticeKind.NotSubmitted ? new[] { new FieldProblem("V2", "Vælg en farve.", false) } : [];

        var html = SurveyFormPage.Render(Form([], new FormNotice(kind), problems));

        Assert.Contains($"<div id=\"besked\" tabindex=\"-1\" class=\"notice {css}\" role=\"{role}\"><p>{text}", html, StringComparison.Ordinal);
        if (problems.Length > 0)
        {
            Assert.Contains("<li><a href=\"#f-V2-groen\">V2: Vælg en farve.</a></li>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_saved_draft_says_when_in_the_notice_and_not_again_in_the_status_line()
    {
        var savedAt = new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);
        var view = Form([]) with { Response = SurveyResponse.New(2027, 101) with { DraftSavedAt = savedAt } };

        var html = SurveyFormPage.Render(view with { Notice = new FormNotice(FormNoticeKind.DraftSaved, savedAt) });

        Assert.Contains("Kladden er gemt fredag den 15. januar 2027 kl. 10.00. I kan lukke siden", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Kladde gemt", html, StringComparison.Ordinal);
        Assert.Contains("Kladde gemt fredag den 15. januar 2027 kl. 10.00.", SurveyFormPage.Render(view), StringComparison.Ordinal);
    }

    [Fact]
    public void A_mail_links_the_contacts_address_and_says_the_same_in_both_parts()
    {
        var chief = new Jobcentre(165, "Albertslund", "Jobcenter Albertslund", Hostile, "chef@albertslund.example");
        var mail = SurveyMailTemplates.Invitation(new SurveyMailContext(chief, 2027, new DateTimeOffset(2027, 2, 26, 22, 59, 0, TimeSpan.Zero),
            "https://fremdrift.example/skema/a?b=1&c=2", "KKR Hovedstadens sekretariat, sek@example.dk", "invitation"), Shared.MailTexts.MailTextKinds.Invitation.Default, new DateTimeOffset(2027, 1, 6, 7, 0, 0, TimeSpan.Zero));

        Assert.Contains("<a href=\"mailto:sek@example.dk\">sek@example.dk</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://fremdrift.example/skema/a?b=1&amp;c=2\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Kære &lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Kære " + Hostile, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Åbn jeres skema:\nhttps://fremdrift.example/skema/a?b=1&c=2\n", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_filled_in_form_stays_under_30_KB_and_its_render_time_is_printed()
    {
        var view = Form(Catalogue.AllRecommendations.Select(r => new Answer(r.Id, Rating.Gul, "Arbejdet er i gang i samarbejde med nabokommunerne; næste skridt er en fælles aftale om økonomi og mål.")).ToList());
        var html = SurveyFormPage.Render(view);
        var watch = Stopwatch.StartNew();
        const int renders = 200;
        for (var i = 0; i < renders; i++)
        {
            html = SurveyFormPage.Render(view);
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        output.WriteLine($"form with 16 answers: {bytes} bytes, {watch.Elapsed.TotalMicroseconds / renders:F0} µs per render (mean of {renders}, machine load not controlled)");
        Assert.True(bytes < 30 * 1024, $"the form is {bytes} bytes");
    }
}
