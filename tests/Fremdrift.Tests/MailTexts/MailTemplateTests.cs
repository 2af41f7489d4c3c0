using Fremdrift.Shared.Domain;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.MailTexts;

/// <summary>The secretariat's mail texts: placeholders parsed and checked, refusals in Danish, user text never HTML.</summary>
public class MailTemplateTests
{
    private static readonly Jobcentre Albertslund = new(165, "Albertslund", "Jobcenter Albertslund", "Åse Ørnsø", "chef@albertslund.example");
    private static readonly DateTimeOffset Deadline = new(2028, 2, 29, 22, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2028, 2, 15, 8, 0, 0, TimeSpan.Zero);

    private static SurveyMailContext Context(string step = "invitation") =>
        new(Albertslund, 2028, Deadline, "https://fremdrift.example/skema/abc?x=1&y=2", "KKR Hovedstadens sekretariat, sek@example.dk", step);

    [Fact]
    public void Every_default_text_is_valid_for_its_mail()
    {
        Assert.All(MailTextKinds.All, kind => Assert.Empty(MailTemplate.Validate(kind, kind.Default)));
        Assert.Equal(["invitation", "paamindelse-1", "paamindelse-2", "paamindelse-3", "bilag-klar", "eget-skema"], MailTextKinds.All.Select(k => k.Key));
    }

    [Fact]
    public void An_unknown_placeholder_is_refused_in_Danish_naming_it_and_the_allowed_ones()
    {
        var problems = MailTemplate.Validate(MailTextKinds.Invitation, new MailText("Skema {år}", "Kære {chef}\n\n{link}\n\nSvar inden {fristen}."));

        var problem = Assert.Single(problems);
        Assert.Contains("pladsholderen {fristen} findes ikke", problem, StringComparison.Ordinal);
        Assert.Contains("{svarfrist}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_of_another_mail_is_unknown_here()
    {
        // {mangler} belongs to the reminders; the invitation has nothing missing to list.
        Assert.Contains(MailTemplate.Validate(MailTextKinds.Invitation, new MailText("Skema", "{mangler}\n\n{link}")), p => p.Contains("{mangler} findes ikke", StringComparison.Ordinal));
        Assert.Empty(MailTemplate.Validate(MailTextKinds.Reminders[0], new MailText("Skema", "{mangler}\n\n{link}")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_invitation_or_a_reminder_without_link_is_refused(int kindIndex)
    {
        var kind = MailTextKinds.All[kindIndex];

        var problems = MailTemplate.Validate(kind, new MailText("Husk skemaet", "Kære {chef}\n\nHusk skemaet."));

        Assert.Contains(problems, p => p.Contains("skal indeholde {link}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_own_form_mail_needs_no_link()
    {
        Assert.Empty(MailTemplate.Validate(MailTextKinds.OwnForm, new MailText("Jeres skema {år}", "Kære {chef}\n\nHer er skemaet.")));
    }

    [Theory]
    [InlineData("Svar {inden fredag}", "uden en gyldig pladsholder")]
    [InlineData("Svar inden {svarfrist", "uden en gyldig pladsholder")]
    [InlineData("Svar inden svarfrist}", "\"}\" uden \"{\" foran")]
    [InlineData("Svar {}", "uden en gyldig pladsholder")]
    public void A_stray_brace_is_refused_with_where_it_stands(string body, string expected)
    {
        var problems = MailTemplate.Validate(MailTextKinds.OwnForm, new MailText("Emne", body));

        Assert.Contains(problems, p => p.StartsWith("Teksten: ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_subject_must_be_one_line_under_200_characters_without_link_or_lists()
    {
        var kind = MailTextKinds.Reminders[1];
        var body = kind.Default.Body;

        Assert.Contains("Skriv et emne.", MailTemplate.Validate(kind, new MailText("  ", body)));
        Assert.Contains("Emnet skal stå på én linje.", MailTemplate.Validate(kind, new MailText("a\nb", body)));
        Assert.Contains(MailTemplate.Validate(kind, new MailText(new string('x', 201), body)), p => p.StartsWith("Emnet er for langt", StringComparison.Ordinal));
        Assert.Contains("Emnet kan ikke indeholde {link}; den hører til i teksten.", MailTemplate.Validate(kind, new MailText("Klik {link}", body)));
        Assert.Contains("Emnet kan ikke indeholde {mangler}; den hører til i teksten.", MailTemplate.Validate(kind, new MailText("{mangler}", body)));
        Assert.Contains(MailTemplate.Validate(kind, new MailText("Emne", body + new string('x', MailTemplate.BodyMaxLength))), p => p.StartsWith("Teksten er for lang", StringComparison.Ordinal));
    }

    [Fact]
    public void Markup_typed_into_a_text_reaches_the_mail_as_text()
    {
        var text = new MailText("<b>Skema</b> {år}", "Kære {chef} <script>alert(1)</script>\n\n<a href=\"https://ondt.example\">Klik</a> {link}\n\n{link}");

        var mail = SurveyMailTemplates.Invitation(Context(), text, Now);

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Kære Åse Ørnsø &lt;script&gt;alert(1)&lt;/script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://ondt.example\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;b&gt;Skema&lt;/b&gt; 2028</title>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("<b>Skema</b> 2028", mail.Subject);
        Assert.Contains("Kære Åse Ørnsø <script>alert(1)</script>", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_lines_make_paragraphs_a_lone_link_a_button_and_an_inline_link_a_link()
    {
        var text = new MailText("Skema", "Linje et\nlinje to\n\n   \n{link}\n\nEller her: {link}");

        var mail = SurveyMailTemplates.Invitation(Context(), text, Now);

        Assert.Contains("<p>Linje et<br>linje to</p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("font-weight:bold\">Åbn jeres skema</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Virker knappen ikke, så kopiér adressen: <br>https://fremdrift.example/skema/abc?x=1&amp;y=2", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Eller her: <a href=\"https://fremdrift.example/skema/abc?x=1&amp;y=2\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Linje et\nlinje to\n\nÅbn jeres skema:\nhttps://fremdrift.example/skema/abc?x=1&y=2\n\nEller her: https://fremdrift.example/skema/abc?x=1&y=2\n", mail.TextBody);
    }

    [Fact]
    public void The_default_invitation_says_what_it_said_before_with_the_years_values()
    {
        var mail = SurveyMailTemplates.Invitation(Context(), MailTextKinds.Invitation.Default, Now);

        Assert.Equal("Fremdriftsskema 2028: jeres svar senest tirsdag den 29. februar 2028", mail.Subject);
        Assert.StartsWith("Til: Åse Ørnsø, Jobcenter Albertslund\n\nKære Åse Ørnsø\n\nKKR Hovedstaden følger hvert år op", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Svarfrist: tirsdag den 29. februar 2028 kl. 23.59.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:sek@example.dk\">sek@example.dk</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(["165", "2028", "invitation"], new[] { mail.Tags["jobcentre"], mail.Tags["year"], mail.Tags["step"] });
    }

    [Fact]
    public void Days_left_counts_whole_Copenhagen_days_to_the_deadline()
    {
        var mail = SurveyMailTemplates.Invitation(Context(), new MailText("{dage_tilbage} dage", "{link}"), Now);

        Assert.Equal("14 dage", mail.Subject);
    }

    [Fact]
    public void A_reminder_with_a_draft_lists_what_is_missing_and_one_without_says_nothing_is_saved_and_not_opened()
    {
        var withDraft = new ReminderState(true, Now.AddDays(-2), [new RequiredItem("V3", "Mangler status"), new RequiredItem("B1", "Skriv en bemærkning")]);
        var noDraft = new ReminderState(true, null, []);

        var listed = SurveyMailTemplates.Reminder(Context("reminder-1"), withDraft, MailTextKinds.Reminders[0].Default, Now, 1);
        var empty = SurveyMailTemplates.Reminder(Context("reminder-1"), noDraft, MailTextKinds.Reminders[0].Default, Now, 1);

        Assert.Contains("mangler 2 anbefalinger:\n\n- V3: Mangler status\n- B1: Skriv en bemærkning\n\nÅbn jeres skema:", listed.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>V3: Mangler status</li>", listed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Der er ikke gemt noget i skemaet endnu.", empty.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("åbnet", empty.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<ul>", empty.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", empty.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_three_and_every_later_or_manual_round_share_the_third_reminder_text()
    {
        var third = MailTextKinds.Reminders[2];

        Assert.Equal("paamindelse-3", MailTextKinds.ReminderKey(7));
        Assert.Equal("paamindelse-3", MailTextKinds.ReminderKey(101));
        Assert.True(third.LockedBy(new SendLogEntry(2028, 101, "reminder-101", SendStatus.Sent, null, null, null, 1, Now)));
        Assert.False(third.LockedBy(new SendLogEntry(2028, 101, "reminder-2", SendStatus.Sent, null, null, null, 1, Now)));
        Assert.False(third.LockedBy(new SendLogEntry(2028, 101, "reminder-3", SendStatus.Skipped, null, null, null, 1, Now)));
        Assert.True(MailTextKinds.Reminders[1].LockedBy(new SendLogEntry(2028, 101, "reminder-2", SendStatus.Sent, null, null, null, 1, Now)));
    }
}
