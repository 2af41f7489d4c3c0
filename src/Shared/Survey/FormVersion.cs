using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// The form's hidden "version": the response header's ETag when the page was made, with the header's times the save
/// needs (first save, last draft, last submit), signed with the link signing key for this link (its token's hash),
/// year and jobcentre. A save guarded by that ETag succeeds only if the header is still exactly what the page was made
/// from, so the signed times are the stored ones and the link is still the current one (a new link rewrites the
/// header): a submit then needs no read of the response before its transaction (docs/performance.md). The signature
/// is what makes the posted times trustworthy: a page is only made for a header whose current link is this token, and
/// nobody without the key can make one for another header, link or time.
/// </summary>
public sealed record FormVersion(string ETag, DateTimeOffset? OpenedAt, DateTimeOffset? DraftSavedAt, DateTimeOffset? SubmittedAt)
{
    private const char Separator = '.';

    /// <summary>The version field of a page made from <paramref name="response"/> for the link whose token hashes to <paramref name="tokenHash"/>.</summary>
    public static string Sign(byte[] key, string tokenHash, SurveyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var times = string.Join(Separator, Ticks(response.OpenedAt), Ticks(response.DraftSavedAt), Ticks(response.SubmittedAt));
        return Mac(key, tokenHash, response.Year, response.MunicipalityCode, times, response.Version) + Separator + times + Separator + response.Version;
    }

    /// <summary>The version a page signed for this link, year and jobcentre; null for anything else (an old page, a tampered field).</summary>
    public static FormVersion? Read(byte[] key, string tokenHash, int year, int municipalityCode, string posted)
    {
        var parts = (posted ?? "").Split(Separator, 5);
        if (parts.Length != 5 || parts[4].Length == 0)
        {
            return null;
        }

        var times = string.Join(Separator, parts[1], parts[2], parts[3]);
        var expected = Encoding.ASCII.GetBytes(Mac(key, tokenHash, year, municipalityCode, times, parts[4]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[0])))
        {
            return null;
        }

        return new FormVersion(parts[4], Time(parts[1]), Time(parts[2]), Time(parts[3]));
    }

    /// <summary>The ETag a posted version stands for: signed or (a page made before versions were signed) the ETag itself.</summary>
    public static string ETagOf(byte[] key, string tokenHash, int year, int municipalityCode, string posted) =>
        Read(key, tokenHash, year, municipalityCode, posted)?.ETag ?? posted;

    private static string Mac(byte[] key, string tokenHash, int year, int code, string times, string etag)
    {
        var input = string.Create(CultureInfo.InvariantCulture, $"form-version:{year}:{code}:{tokenHash}:{times}:{etag}");
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(input)));
    }

    private static string Ticks(DateTimeOffset? time) => time?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "";

    private static DateTimeOffset? Time(string ticks) =>
        long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
