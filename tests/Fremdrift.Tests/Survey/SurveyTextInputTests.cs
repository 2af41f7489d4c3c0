using System.Net;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Tests.Survey;

/// <summary>Text is text on the jobcentre's form: what is not valid text is refused whole, controls never reach storage.</summary>
public class SurveyTextInputTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    private ResponseRepository Responses => f.Get<ResponseRepository>();

    private static async Task<string> Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        await new FormUrlEncodedContent(fields).ReadAsStringAsync();

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string link, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return client.PostAsync(new Uri(link), content);
    }

    [Theory]
    [InlineData(101, "%C3%28")]
    [InlineData(147, "%ED%A0%80")] // a lone surrogate
    [InlineData(151, "raw")] // a raw invalid byte
    public async Task Invalid_UTF8_in_a_remark_gets_a_Danish_400_and_nothing_is_stored(int code, string bad)
    {
        var link = await f.InviteAsync(code);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var id = f.Catalogue.AllRecommendations.First().Id;
        var valid = await Encode(SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + id, "Fint"));
        var body = bad == "raw"
            ? [.. Encoding.ASCII.GetBytes(valid + "&bem-x="), 0xFF, 0xFE]
            : Encoding.ASCII.GetBytes(valid.Replace("bem-" + id + "=Fint", "bem-" + id + "=Fint" + bad, StringComparison.Ordinal));
        var before = await Responses.GetAsync(SurveyFixture.Year, code);

        var response = await PostRawAsync(client, link, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("ikke er gyldig tekst (UTF-8)", text, StringComparison.Ordinal);
        Assert.Contains("Intet er gemt", text, StringComparison.Ordinal);
        var after = await Responses.GetAsync(SurveyFixture.Year, code);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Empty(after.Draft);
    }

    [Fact]
    public async Task Control_characters_are_removed_from_a_remark_and_line_breaks_and_tabs_kept()
    {
        var link = await f.InviteAsync(157);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var id = f.Catalogue.AllRecommendations.First().Id;

        var response = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(
            SurveyFixture.With(f.BlankPost(html, "gem"), "bem-" + id, "Linje\u00001\u0007\r\nLinje\t2\u001B\u0085")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Linje1\nLinje\t2", (await Responses.GetAsync(SurveyFixture.Year, 157))!.Draft[0].Remark);
    }

    [Fact]
    public async Task A_remark_of_only_invisible_characters_does_not_explain_a_Gul()
    {
        var link = await f.InviteAsync(159);
        using var client = f.Client();
        var html = await client.GetStringAsync(new Uri(link));
        var skal = f.Catalogue.AllRecommendations.First(r => r.Obligation == Obligation.Skal).Id;
        var fields = f.CompletePost(html).Where(x => x.Key != "farve-" + skal && x.Key != "bem-" + skal).ToList();
        fields.Add(new("farve-" + skal, "gul"));
        fields.Add(new("bem-" + skal, "\u200B \u200D\uFEFF"));

        var response = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(fields));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("Skriv en bemærkning, der forklarer", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.NotEqual(ResponseState.Submitted, (await Responses.GetAsync(SurveyFixture.Year, 159))!.State);
    }
}
