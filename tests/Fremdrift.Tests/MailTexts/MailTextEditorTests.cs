using System.Net;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Survey;

namespace Fremdrift.Tests.MailTexts;

/// <summary>
/// The mail-text editor over HTTP on the local host (Azurite, outbox): save with audit, the invitation sent with the
/// saved text, locked once sent, refusals that keep the typed text, two editors at once. Each test uses its own year.
/// </summary>
public class MailTextEditorTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    /// <summary>Signed in, and not following the save's redirect (a followed redirect drops the Authorization header).</summary>
    private HttpClient Secretariat()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(f.Server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = f.Server.SecretariatClient().DefaultRequestHeaders.Authorization;
        return client;
    }

    private static FormUrlEncodedContent Form(string mail, string subject, string body, string version, string action, string jobcentre = "165") => new(
    [
        new("mail", mail), new("emne", subject), new("tekst", body), new("version", version), new("handling", action), new("jobcenter", jobcentre),
    ]);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int year, FormUrlEncodedContent form)
    {
        using var handlerless = new HttpRequestMessage(HttpMethod.Post, $"/sekretariat/mailtekster/{year}") { Content = form };
        return await client.SendAsync(handlerless);
    }

    [Fact]
    public async Task A_saved_invitation_text_is_audited_goes_out_and_is_then_locked()
    {
        const int year = 2031;
        await SurveyFixture.CreateCycleAsync(f.Server.Services, year, CycleState.Open);
        using var client = Secretariat();
        var page = await client.GetStringAsync($"/sekretariat/mailtekster/{year}?mail=invitation");
        Assert.Contains("Standardtekst", page, StringComparison.Ordinal);
        Assert.Equal("", SurveyFixture.Hidden(page, "version"));

        var saved = await PostAsync(client, year, Form("invitation", "Skema {år} til {jobcenter}", "Kære {chef}\n\nSvar senest {svarfrist}.\n\n{link}", "", "gem"));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.StartsWith($"/sekretariat/mailtekster/{year}?mail=invitation&besked=", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(await f.Get<AuditLogRepository>().ListAsync(year), a => a.Action == "Rettede mailtekst" && a.Details.Contains("Invitation: gemt", StringComparison.Ordinal) && a.Actor == "sekretariat (lokal)");

        var entry = await f.Get<ISurveyMailer>().SendInvitationAsync(year, 101, CancellationToken.None);
        Assert.Equal(SendStatus.Sent, entry.Status);
        var mail = f.LatestMail(101);
        Assert.Equal("Skema 2031 til Jobcenter København", mail.Subject);
        Assert.StartsWith("Kære ", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Svar senest onsdag den 26. februar 2031 kl. 23.59.", mail.Text, StringComparison.Ordinal);

        // Sent once: the year's invitation text is locked, and a save is refused with the typed text kept.
        page = await client.GetStringAsync($"/sekretariat/mailtekster/{year}?mail=invitation");
        Assert.Contains("Låst", page, StringComparison.Ordinal);
        var refused = await PostAsync(client, year, Form("invitation", "Nyt emne", "Ny tekst {link} med ændring", SurveyFixture.Hidden(page, "version"), "gem"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("kan ikke ændres længere i 2031", body, StringComparison.Ordinal);
        Assert.Contains("Ny tekst {link} med ændring", body, StringComparison.Ordinal);
        Assert.Equal("Skema {år} til {jobcenter}", (await f.Get<MailTextRepository>().GetAsync(year, "invitation"))!.Text.Subject);

        // The reminders are not sent yet, so their texts stay open.
        Assert.DoesNotContain("Låst", await client.GetStringAsync($"/sekretariat/mailtekster/{year}?mail=paamindelse-1").ContinueWith(t => t.Result.Split("<h2 id=\"h-tekst\">")[1], TaskScheduler.Default), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kære {chef}\n\n{link}\n\nSvar inden {fristen}.", "pladsholderen {fristen} findes ikke")]
    [InlineData("Kære {chef}\n\nHusk at svare.", "skal indeholde {link}")]
    [InlineData("Kære {chef {link}", "uden en gyldig pladsholder")]
    public async Task A_text_that_cannot_be_sent_is_refused_in_Danish_and_comes_back_as_typed(string text, string expected)
    {
        const int year = 2032;
        using var client = Secretariat();

        var response = await PostAsync(client, year, Form("paamindelse-1", "Påmindelse <b>{år}</b>", text, "", "gem"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains("Intet er gemt", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Påmindelse &lt;b&gt;{år}&lt;/b&gt;\"", html, StringComparison.Ordinal);
        Assert.Null(await f.Get<MailTextRepository>().GetAsync(year, "paamindelse-1"));
    }

    [Fact]
    public async Task Preview_shows_a_real_jobcentres_values_escapes_markup_and_saves_nothing()
    {
        const int year = 2033;
        using var client = Secretariat();
        var chief = (await f.Get<JobcentreRepository>().GetAsync(165))!.Jobcentre;

        var response = await PostAsync(client, year, Form("paamindelse-2", "Påmindelse til {jobcenter}", "Kære {chef} <script>alert(1)</script>\n\n{status}\n\n{mangler}\n\n{link}", "", "vis"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>Emne:</strong> Påmindelse til {chief.Name}", html, StringComparison.Ordinal);
        Assert.Contains($"Kære {chief.ChiefName} &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("<li>V2: Mangler status</li>", html, StringComparison.Ordinal);
        Assert.Contains("Åbn jeres skema", html, StringComparison.Ordinal);
        Assert.Null(await f.Get<MailTextRepository>().GetAsync(year, "paamindelse-2"));
    }

    [Fact]
    public async Task Two_editors_at_once_the_second_is_told_keeps_the_text_and_can_save_over_on_purpose()
    {
        const int year = 2034;
        using var client = Secretariat();
        var version = SurveyFixture.Hidden(await client.GetStringAsync($"/sekretariat/mailtekster/{year}?mail=eget-skema"), "version");

        var first = await PostAsync(client, year, Form("eget-skema", "Første {år}", "Kære {chef}", version, "gem"));
        var second = await PostAsync(client, year, Form("eget-skema", "Anden {år}", "Hej {chef}", version, "gem"));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("blev ændret af en anden", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Anden {år}\"", html, StringComparison.Ordinal);
        Assert.Equal("Første {år}", (await f.Get<MailTextRepository>().GetAsync(year, "eget-skema"))!.Text.Subject);

        var again = await PostAsync(client, year, Form("eget-skema", "Anden {år}", "Hej {chef}", SurveyFixture.Hidden(html, "version"), "gem"));
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal("Anden {år}", (await f.Get<MailTextRepository>().GetAsync(year, "eget-skema"))!.Text.Subject);
    }

    [Fact]
    public async Task A_forged_version_a_wildcard_or_an_unknown_mail_saves_nothing()
    {
        const int year = 2035;
        using var client = Secretariat();

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, year, Form("eget-skema", "Emne", "Tekst", "*", "gem"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, year, Form("nyhedsbrev", "Emne", "Tekst", "", "gem"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, 1999, Form("eget-skema", "Emne", "Tekst", "", "gem"))).StatusCode);
        Assert.Null(await f.Get<MailTextRepository>().GetAsync(year, "eget-skema"));
    }

    [Fact]
    public async Task The_editor_and_the_readiness_page_need_the_secretariats_sign_in()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(f.Server.BaseUrl) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/sekretariat/mailtekster/2028", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/sekretariat/mailtekster/2028", UriKind.Relative), Form("eget-skema", "x", "y", "", "gem"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/sekretariat/klar/2028", UriKind.Relative))).StatusCode);
    }
}
