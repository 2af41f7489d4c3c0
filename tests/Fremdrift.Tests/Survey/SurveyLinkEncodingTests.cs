using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Survey;

/// <summary>
/// Tokens are base64url from <see cref="System.Buffers.Text.Base64Url"/> since it replaced a hand-written encoder
/// (standard base64, '=' trimmed, '+' → '-', '/' → '_'). Links already mailed must keep working, and a first link
/// re-derived after lost storage must still be the one the chief has.
/// </summary>
public sealed class SurveyLinkEncodingTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    /// <summary>
    /// Written down before the switch, with the old encoder, from the fixture's key (bytes 1 to 32), 2027 and
    /// Lyngby-Taarbæk (173): the nonce and token of that jobcentre's first link. Both contain '-' and '_'.
    /// </summary>
    private const string OldFirstLinkNonce = "Deu24ucDJgiwv-IpOYSuBQ";

    private const string OldFirstLinkToken = "QjVKpFXZi-g_LWuxL53j_AHVXXRhQpd34aAMKQq0CBc";

    [Fact]
    public async Task A_link_mailed_before_the_switch_still_opens_the_form()
    {
        var links = f.Get<SurveyLinks>();

        var linked = await links.EnsureLinkAsync(SurveyFixture.Year, 173);

        Assert.Equal(OldFirstLinkNonce, linked.Response.Link!.Nonce);
        Assert.Equal(OldFirstLinkToken, linked.Token);
        var access = await links.ResolveAsync(OldFirstLinkToken);
        Assert.NotNull(access);
        Assert.Equal(173, access.MunicipalityCode);
        using var client = f.Client();
        var response = await client.GetAsync(new Uri(links.Url(OldFirstLinkToken)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Lyngby-Taarbæk", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_of_re_issued_links_are_what_the_old_encoder_made()
    {
        var links = f.Get<SurveyLinks>();
        var key = Convert.FromBase64String(SurveyFixture.SigningKey);
        for (var generation = 2; generation < 202; generation++)
        {
            var issued = links.NewLink(SurveyFixture.Year, 101, generation);

            var nonceBytes = OldDecode(issued.Link.Nonce);
            Assert.Equal(16, nonceBytes.Length);
            Assert.Equal(OldEncode(nonceBytes), issued.Link.Nonce);
            var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SurveyFixture.Year}:101:{generation}:{issued.Link.Nonce}")));
            Assert.Equal(OldEncode(mac), issued.Token);
            Assert.True(SurveyLinks.LooksLikeToken(issued.Token));
        }
    }

    private static string OldEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] OldDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
