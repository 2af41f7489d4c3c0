using System.Net;
using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;

namespace Fremdrift.Tests.Secretariat;

/// <summary>The secretariat's forms on the local host: text rules, the version, cross-site posts, caching.</summary>
public class SecretariatInputTests
{
    private static readonly DateTimeOffset Now = CycleSchedule.Plan(2027, new CycleOptions()).OpensAt.AddDays(1);

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static (string, string)[] Contact(string version, string name, string email = "anne@kk.example") =>
        [("version", version), ("chefnavn", name), ("chefmail", email), ("stedfortraeder", ""), ("stedfortraedermail", "")];

    [Theory]
    [InlineData("Anne\r\nAndersen")]
    [InlineData("Anne\nBcc: evil@x.example")]
    [InlineData("Anne\tAndersen")]
    [InlineData("\u200B")]
    public async Task A_chiefs_name_must_be_one_visible_line(string name)
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        var before = (await directory.GetAsync(101))!;
        using var client = SecretariatEndpointTests.Client(host.Server);

        var response = await SecretariatEndpointTests.PostAsync(client, "/sekretariat/jobcenter/101", Contact(before.Version, name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before.Version, (await directory.GetAsync(101))!.Version);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_secretariat_form_gets_a_Danish_400_and_nothing_is_stored()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        var before = (await directory.GetAsync(101))!;
        using var client = SecretariatEndpointTests.Client(host.Server);
        var body = await new FormUrlEncodedContent(Contact(before.Version, "Anne").Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))).ReadAsStringAsync();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body.Replace("chefnavn=Anne", "chefnavn=Anne%ED%A0%80", StringComparison.Ordinal)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var response = await client.PostAsync("/sekretariat/jobcenter/101", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ikke er gyldig tekst (UTF-8)", await Text(response), StringComparison.Ordinal);
        Assert.Equal(before.Version, (await directory.GetAsync(101))!.Version);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("W/\"*\"")]
    [InlineData("")]
    [InlineData("garbage")]
    public async Task A_version_that_the_storage_did_not_give_out_never_overwrites(string version)
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        using var client = SecretariatEndpointTests.Client(host.Server);

        var response = await SecretariatEndpointTests.PostAsync(client, "/sekretariat/jobcenter/101", Contact(version, "Anne Overskriver", "over@kk.example"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.NotEqual("over@kk.example", (await directory.GetAsync(101))!.Jobcentre.ChiefEmail);
    }

    [Theory]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "not a url")]
    [InlineData("Referer", "https://evil.example/side")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cross_site_post_is_refused(string header, string value)
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        var before = (await directory.GetAsync(101))!;
        using var client = SecretariatEndpointTests.Client(host.Server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sekretariat/jobcenter/101")
        {
            Content = new FormUrlEncodedContent(Contact(before.Version, "Anne Fremmed", "fremmed@kk.example").Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))),
        };
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before.Version, (await directory.GetAsync(101))!.Version);
    }

    [Fact]
    public async Task A_same_site_post_with_its_own_Origin_or_Referer_is_accepted()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        using var client = SecretariatEndpointTests.Client(host.Server);
        foreach (var header in new[] { "Origin", "Referer" })
        {
            var version = (await directory.GetAsync(101))!.Version;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/sekretariat/jobcenter/101")
            {
                Content = new FormUrlEncodedContent(Contact(version, "Anne " + header).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))),
            };
            request.Headers.TryAddWithoutValidation(header, host.Server.BaseUrl + (header == "Referer" ? "/sekretariat/jobcenter/101" : ""));

            Assert.Equal(HttpStatusCode.SeeOther, (await client.SendAsync(request)).StatusCode);
            Assert.Equal("Anne " + header, (await directory.GetAsync(101))!.Jobcentre.ChiefName);
        }
    }

    [Fact]
    public async Task Personal_pages_and_the_form_are_never_cached()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        using var client = SecretariatEndpointTests.Client(host.Server);

        foreach (var path in new[] { "/sekretariat", "/sekretariat/jobcenter/101", "/sekretariat/dokumenter", "/" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
        }
    }
}
