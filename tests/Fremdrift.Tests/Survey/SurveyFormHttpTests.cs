using System.Net;
using System.Security.Cryptography;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Survey;

/// <summary>The form over HTTP on the real local host: every bad input of the issue, and what is stored.</summary>
public class SurveyFormHttpTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    private ResponseRepository Responses => f.Get<ResponseRepository>();

    /// <summary>Posts a form; Html is decoded for reading text, Raw is the markup as sent.</summary>
    private static async Task<(HttpStatusCode Status, string Html, string Raw)> PostAsync(HttpClient client, string link, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(fields));
        var raw = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, WebUtility.HtmlDecode(raw), raw);
    }

    private async Task<(HttpClient Client, string Link, string Html)> OpenAsync(int code)
    {
        var link = await f.InviteAsync(code);
        var client = f.Client();
        return (client, link, await client.GetStringAsync(new Uri(link)));
    }

    [Fact]
    public async Task Unknown_and_malformed_tokens_get_the_same_Danish_404_that_reveals_nothing()
    {
        await f.InviteAsync(101);
        using var client = f.Client();
        var unknown = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var bodies = new List<string>();
        foreach (var path in new[] { "/skema/" + unknown, "/skema/abc", "/skema/" + new string('a', 600), "/skema/abc/def", "/skema/%3Cscript%3E" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Contains("Linket virker ikke", bodies[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Jobcenter", bodies[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", bodies[0], StringComparison.Ordinal);
        var post = await client.PostAsync(new Uri("/skema/" + unknown, UriKind.Relative), new FormUrlEncodedContent([new("handling", "indsend")]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Viewing_the_link_writes_nothing_and_the_page_is_a_small_self_contained_form()
    {
        var link = await f.InviteAsync(147);
        var before = await Responses.GetAsync(SurveyFixture.Year, 147);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        await client.GetStringAsync(new Uri(link)); // a mail scanner fetching the link, then the chief

        // A GET changes nothing: the row is the very version the invitation left (same ETag), not "opened".
        var stored = await Responses.GetAsync(SurveyFixture.Year, 147);
        Assert.Equal(before!.Version, stored!.Version);
        Assert.Equal(ResponseState.NotOpened, stored.State);
        Assert.Null(stored.OpenedAt);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 30 * 1024, $"form is {html.Length} bytes");
        Assert.DoesNotContain("http://", html.Replace(f.Server.BaseUrl, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(16, System.Text.RegularExpressions.Regex.Count(html, "<fieldset"));
        Assert.Contains("<h3>SKAL-anbefalinger</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("initiativer i 2027", html, StringComparison.Ordinal);
        Assert.All(f.Catalogue.AllRecommendations, r => Assert.Contains($"<legend><span class=\"rid\">{r.Id}</span>", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saving_a_draft_is_what_marks_the_form_opened()
    {
        var (client, link, html) = await OpenAsync(190);
        using var _c = client;
        Assert.Equal(ResponseState.NotOpened, (await Responses.GetAsync(SurveyFixture.Year, 190))!.State);

        var saved = await PostAsync(client, link, f.BlankPost(html, "gem"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var stored = await Responses.GetAsync(SurveyFixture.Year, 190);
        Assert.Equal(ResponseState.Draft, stored!.State);
        Assert.Equal(f.Clock.GetUtcNow(), stored.OpenedAt);
    }

    [Theory]
    [InlineData("unknown recommendation")]
    [InlineData("unknown colour")]
    [InlineData("not relevant on SKAL")]
    [InlineData("missing version")]
    [InlineData("repeated field")]
    [InlineData("missing remark field")]
    public async Task A_tampered_form_gets_400_and_nothing_is_stored(string tampering)
    {
        // One jobcentre per case, so the cases do not see each other's rows.
        var code = 151 + (Array.IndexOf(["unknown recommendation", "unknown colour", "not relevant on SKAL", "missing version", "repeated field", "missing remark field"], tampering) * 2);
        var (client, link, html) = await OpenAsync(code);
        using var _c = client;
        var skal = f.Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Skal).Id;
        var fields = SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + skal, "Skrevet før manipulationen");
        fields = tampering switch
        {
            "unknown recommendation" => [.. fields, new("farve-X99", "groen")],
            "unknown colour" => [.. fields, new("farve-" + skal, "lilla")],
            "not relevant on SKAL" => [.. fields, new("farve-" + skal, "ikke-relevant")],
            "missing version" => fields.Where(x => x.Key != "version").ToList(),
            "repeated field" => [.. fields, new("bem-" + skal, "igen")],
            _ => fields.Where(x => x.Key != "bem-" + skal).ToList(),
        };
        var before = await Responses.GetAsync(SurveyFixture.Year, code);

        var (status, body, _) = await PostAsync(client, link, fields);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Intet er gemt", body, StringComparison.Ordinal);
        var after = await Responses.GetAsync(SurveyFixture.Year, code);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Empty(after.Draft);
    }

    [Fact]
    public async Task A_remark_over_the_limit_is_refused_naming_the_limit_and_the_rest_is_kept_as_typed()
    {
        var (client, link, html) = await OpenAsync(167);
        using var _c = client;
        var ids = f.Catalogue.AllRecommendations.Select(r => r.Id).ToList();
        var fields = SurveyFixture.With(SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + ids[0], new string('x', 4001)), "bem-" + ids[1], "Behold mig – æøå");
        fields.Add(new("farve-" + ids[1], "gul"));

        var (status, body, _) = await PostAsync(client, link, fields);

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("højst være 4000 tegn", body, StringComparison.Ordinal);
        Assert.Contains("Behold mig – æøå", body, StringComparison.Ordinal);
        Assert.Contains($"id=\"f-{ids[1]}-gul\" value=\"gul\" checked", body, StringComparison.Ordinal);
        Assert.Empty((await Responses.GetAsync(SurveyFixture.Year, 167))!.Draft);
    }

    [Fact]
    public async Task A_double_submit_shows_the_receipt_twice_and_stores_once()
    {
        var (client, link, html) = await OpenAsync(169);
        using var _c = client;
        var post = f.CompletePost(html);

        var first = await PostAsync(client, link, post);
        var stored = await Responses.GetAsync(SurveyFixture.Year, 169);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await PostAsync(client, link, post);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, second.Status));
        Assert.Contains("Tak – jeres svar er indsendt", first.Html, StringComparison.Ordinal);
        Assert.Contains("Tak – jeres svar er indsendt", second.Html, StringComparison.Ordinal);
        var again = await Responses.GetAsync(SurveyFixture.Year, 169);
        Assert.Equal(stored!.Version, again!.Version);
        Assert.Equal(stored.SubmittedAt, again.SubmittedAt);
        Assert.Equal(ResponseState.Submitted, again.State);
        Assert.Equal(SurveyFormHandler.SubmittedByLink, again.SubmittedBy);
    }

    [Fact]
    public async Task Two_tabs_the_second_save_is_told_of_the_conflict_keeps_its_text_and_can_save_again()
    {
        var (client, link, tab1) = await OpenAsync(173);
        using var _c = client;
        var tab2 = await client.GetStringAsync(new Uri(link));
        var id = f.Catalogue.AllRecommendations.First().Id;

        var one = await PostAsync(client, link, SurveyFixture.With(f.BlankPost(tab1, "gem"), "bem-" + id, "Fra fane 1"));
        var two = await PostAsync(client, link, SurveyFixture.With(f.BlankPost(tab2, "gem"), "bem-" + id, "Fra fane 2"));

        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(HttpStatusCode.Conflict, two.Status);
        Assert.Contains("ændret i et andet vindue", two.Html, StringComparison.Ordinal);
        Assert.Contains("Fra fane 2", two.Html, StringComparison.Ordinal);
        Assert.Equal("Fra fane 1", (await Responses.GetAsync(SurveyFixture.Year, 173))!.Draft[0].Remark);

        var retry = await PostAsync(client, link, SurveyFixture.With(f.BlankPost(two.Raw, "gem"), "bem-" + id, "Fra fane 2"));

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal("Fra fane 2", (await Responses.GetAsync(SurveyFixture.Year, 173))!.Draft[0].Remark);
    }

    [Fact]
    public async Task An_oversized_body_is_cut_off_before_parsing_with_or_without_a_length()
    {
        var (client, link, html) = await OpenAsync(175);
        using var _c = client;
        // Over the form's limit but under the host's cut-off for the form's post, so the refusal is ours and the
        // connection stays clean (beyond that the host itself resets the upload).
        var huge = "version=x&bem-V1=" + new string('a', SurveyFormBody.MaxBytes + 100 * 1024);

        var withLength = await client.PostAsync(new Uri(link), new StringContent(huge, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(link)) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var withoutLength = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.Contains("Intet er gemt", await withoutLength.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await Responses.GetAsync(SurveyFixture.Year, 175))!.Draft);
        _ = html;
    }

    /// <summary>
    /// The largest form the page allows: every remark at the textarea's 4,000 characters, of "æ" (6 bytes
    /// percent-encoded) or of dashes and quotes (3 bytes of UTF-8 each, 9 percent-encoded; 576 KB for 16 remarks).
    /// </summary>
    [Theory]
    [InlineData(250, "æ")]
    [InlineData(260, "–”")]
    public async Task The_largest_form_the_page_allows_is_stored(int code, string characters)
    {
        var (client, link, html) = await OpenAsync(code);
        using var _c = client;
        var remark = string.Concat(Enumerable.Repeat(characters, 4000 / characters.Length));
        Assert.Equal(4000, remark.Length);
        var fields = f.CompletePost(html).Select(p => p.Key.StartsWith("bem-", StringComparison.Ordinal) ? new KeyValuePair<string, string>(p.Key, remark) : p).ToList();
        using var content = new FormUrlEncodedContent(fields);
        Assert.True((await content.ReadAsByteArrayAsync()).Length > 16 * 4000 * 6, "the body is not at the page's maximum");

        var response = await client.PostAsync(new Uri(link), content);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var stored = (await Responses.GetAsync(SurveyFixture.Year, code))!;
        Assert.True(stored.IsSubmitted);
        Assert.All(stored.Submitted, a => Assert.Equal(remark, a.Remark));
    }

    [Fact]
    public async Task Submit_without_every_status_is_kept_as_a_draft_and_names_each_missing_row_by_its_id()
    {
        var (client, link, html) = await OpenAsync(183);
        using var _c = client;
        var kan = f.Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Kan).Id;

        var (status, body, _) = await PostAsync(client, link, SurveyFixture.With(f.BlankPost(html, "indsend"), "bem-" + kan, "Halvt færdig"));

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("Skemaet er ikke indsendt", body, StringComparison.Ordinal);
        var skal = f.Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Skal).Id;
        Assert.Contains($">{skal}: Mangler status: vælg Grøn, Gul eller Rød.</a>", body, StringComparison.Ordinal);
        Assert.Contains($">{kan}: Mangler status: vælg Grøn, Gul, Rød eller Ikke relevant", body, StringComparison.Ordinal);
        Assert.Contains("action=\"#besked\"", body, StringComparison.Ordinal);
        Assert.Contains("id=\"besked\"", body, StringComparison.Ordinal);
        var stored = await Responses.GetAsync(SurveyFixture.Year, 183);
        Assert.Null(stored!.SubmittedAt);
        Assert.Equal(ResponseState.Draft, stored.State);
        Assert.Equal("Halvt færdig", stored.Draft.Single(a => a.RecommendationId == kan).Remark);
    }

    [Fact]
    public async Task Html_in_a_remark_is_stored_as_text_and_shown_escaped()
    {
        var (client, link, html) = await OpenAsync(185);
        using var _c = client;
        var id = f.Catalogue.AllRecommendations.First().Id;
        const string remark = "<script>alert('x')</script> & \"æøå\"";

        var response = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + id, remark)));
        var raw = await response.Content.ReadAsStringAsync();
        var reopened = await client.GetStringAsync(new Uri(link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(remark, (await Responses.GetAsync(SurveyFixture.Year, 185))!.Draft[0].Remark);
        foreach (var page in new[] { raw, reopened })
        {
            Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Last_years_submitted_answers_prefill_the_form_labelled_until_something_is_saved()
    {
        await SurveyFixture.CreateCycleAsync(f.Server.Services, 2026, CycleState.Closed);
        var ids = f.Catalogue.AllRecommendations.Select(r => r.Id).ToList();
        var lastYear = SurveyResponse.New(2026, 187) with
        {
            State = ResponseState.Submitted,
            SubmittedAt = f.Clock.GetUtcNow().AddYears(-1),
            Submitted = [new Answer(ids[0], Rating.Gul, "Sidste års bemærkning"), new Answer("udgaaet", Rating.Roed, "Fjernet anbefaling")],
        };
        await Responses.SaveAsync(null, lastYear);

        var (client, link, html) = await OpenAsync(187);
        using var _c = client;
        var decoded = WebUtility.HtmlDecode(html);

        Assert.Contains("Sidste år: Gul – Sidste års bemærkning", decoded, StringComparison.Ordinal);
        Assert.Contains($"id=\"f-{ids[0]}-gul\" value=\"gul\" checked", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("Fjernet anbefaling", decoded, StringComparison.Ordinal);
        Assert.Contains("svar fra sidste år (2026)", decoded, StringComparison.Ordinal);

        await PostAsync(client, link, SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + ids[0], "Nyt i år"));
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(link)));
        Assert.DoesNotContain("Sidste år:", after, StringComparison.Ordinal);
        Assert.Contains("Nyt i år", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planned_cycle_shows_a_not_open_yet_page()
    {
        await SurveyFixture.CreateCycleAsync(f.Server.Services, 2030, CycleState.Planned);
        var links = f.Get<SurveyLinks>();
        var linked = await links.EnsureLinkAsync(2030, 190);
        using var client = f.Client();

        var response = await client.GetAsync(new Uri(links.Url(linked.Token)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("er ikke åbnet endnu", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_down_during_a_submit_stores_nothing_and_shows_what_was_typed()
    {
        var azurite = await AzuriteProcess.StartAsync(null);
        await using var server = await TestDevServer.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Survey:LinkSigningKey"] = SurveyFixture.SigningKey,
        });
        await SurveyFixture.CreateCycleAsync(server.Services, 2027, CycleState.Open);
        await server.Get<ISurveyMailer>().SendInvitationAsync(2027, 101, CancellationToken.None);
        var link = System.Text.RegularExpressions.Regex.Match(server.Get<DevServer.Mail.OutboxStore>().List()[0].Text, @"http\S+/skema/\S+").Value;
        using var client = new HttpClient();
        var html = await client.GetStringAsync(new Uri(link));
        var id = f.Catalogue.AllRecommendations.First().Id;

        await azurite.DisposeAsync();
        var (status, body, _) = await PostAsync(client, link, SurveyFixture.With(f.CompletePost(html), "bem-" + id, "Må ikke gå tabt æøå"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Intet er gemt", body, StringComparison.Ordinal);
        Assert.Contains("Må ikke gå tabt æøå", body, StringComparison.Ordinal);
    }
}

/// <summary>After the deadline the link shows the closed page, and a late submit is shown back, not stored.</summary>
public class SurveyAfterDeadlineTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    [Fact]
    public async Task After_the_deadline_the_form_is_closed_a_late_submit_is_not_stored_and_reminders_stop()
    {
        var link = await f.InviteAsync(101);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));

        f.Clock.SetUtcNow(SurveyFixture.Deadline.AddMinutes(1));
        var get = await client.GetAsync(new Uri(link));
        var post = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(f.CompletePost(html, "For sent")));
        var postBody = WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync());
        var reminder = await f.Get<ISurveyMailer>().SendReminderAsync(SurveyFixture.Year, 101, 3, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Gone, get.StatusCode);
        var getBody = WebUtility.HtmlDecode(await get.Content.ReadAsStringAsync());
        Assert.Contains("er lukket", getBody, StringComparison.Ordinal);
        Assert.Contains("sekretariat@kkr-test.example", getBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Contains("ikke gemt", postBody, StringComparison.Ordinal);
        Assert.Contains("For sent (", postBody, StringComparison.Ordinal);
        Assert.Null((await f.Get<ResponseRepository>().GetAsync(SurveyFixture.Year, 101))!.SubmittedAt);
        Assert.Equal(SendStatus.Skipped, reminder.Status);
        Assert.Contains("Svarfristen er udløbet", reminder.Reason, StringComparison.Ordinal);
    }
}

/// <summary>A cycle the secretariat closed early is not described as one whose deadline has passed.</summary>
public class SurveyClosedEarlyTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    [Fact]
    public async Task Closed_early_by_the_secretariat_says_so_with_when_and_whom_to_contact_and_never_that_the_deadline_passed()
    {
        var link = await f.InviteAsync(101);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var cycles = f.Get<CycleRepository>();
        var cycle = (await cycles.GetAsync(SurveyFixture.Year))!;
        await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = f.Clock.GetUtcNow(), ClosedReason = nameof(Shared.Domain.CloseReason.Secretariat) });

        var get = await client.GetAsync(new Uri(link));
        var post = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(f.CompletePost(html, "Efter lukning")));
        var getHtml = await get.Content.ReadAsStringAsync();
        var getBody = WebUtility.HtmlDecode(getHtml);
        var postBody = WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Gone, get.StatusCode);
        Assert.Contains($"Sekretariatet lukkede opfølgningen {DanishDates.DateAndTime(f.Clock.GetUtcNow())}, før svarfristen ({DanishDates.DateAndTime(SurveyFixture.Deadline)})", getBody, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:sekretariat@kkr-test.example\"", getHtml, StringComparison.Ordinal);
        Assert.Contains("fordi sekretariatet har lukket opfølgningen", postBody, StringComparison.Ordinal);
        foreach (var body in new[] { getBody, postBody })
        {
            Assert.DoesNotContain("overskredet", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Svarfristen var", body, StringComparison.Ordinal);
        }
    }
}
