using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>A link just issued: what is stored (<see cref="Link"/>) and what is mailed (<see cref="Token"/>).</summary>
public sealed record IssuedLink(SurveyLink Link, string Token);

/// <summary>A response together with the token of its current link (recomputed, never read from storage).</summary>
public sealed record LinkedResponse(SurveyResponse Response, string Token);

/// <summary>Whose form a presented token opens.</summary>
public sealed record SurveyAccess(int Year, int MunicipalityCode, SurveyResponse Response);

/// <summary>
/// What a form request reads of its response besides the link: the response and last year's answers copied beside
/// it (null when they were never copied; see <see cref="ResponseForForm"/>).
/// </summary>
public sealed record SurveyFormAccess(SurveyAccess Access, IReadOnlyList<Answer>? LastYear);

/// <summary>
/// The jobcentres' personal links. A token is HMAC-SHA256(signing key, "year:code:generation:nonce") in
/// base64url: 256 bits nobody can guess, and re-derivable from the stored nonce, so reminders carry the same
/// link as the invitation although the token itself is never stored. Storage holds only SHA-256(token), in the
/// response header and in the Links index. A token counts only while its hash is the response's current link,
/// so issuing a new link kills the old one at once.
/// </summary>
public sealed class SurveyLinks(
    IOptions<SurveyOptions> options,
    ISurveyPublicUrl publicUrl,
    ResponseRepository responses,
    LinkIndexRepository index,
    JobcentreRepository directory,
    TimeProvider time,
    ILogger<SurveyLinks> logger)
{
    /// <summary>Length of a token: base64url of 32 bytes without padding.</summary>
    public const int TokenLength = 43;

    private const int NonceBytes = 16;

    /// <summary>The token of <paramref name="link"/>, derived from its nonce with the signing key.</summary>
    public string TokenFor(int year, int municipalityCode, SurveyLink link)
    {
        var input = string.Create(CultureInfo.InvariantCulture, $"{year}:{municipalityCode}:{link.Generation}:{link.Nonce}");
        var mac = HMACSHA256.HashData(options.Value.SigningKeyBytes(), Encoding.UTF8.GetBytes(input));
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>SHA-256 of the token, lower-case hex: what storage keeps and lookups compare.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The address a chief clicks.</summary>
    public string Url(string token) => publicUrl.BaseUrl + "/skema/" + token;

    /// <summary>
    /// A new link. The first link of a year (generation 1) has a nonce derived from the signing key, year and
    /// jobcentre, so that if storage loses the response and the send log (Azurite killed, a table deleted) and the
    /// invitation goes out again, it carries the very link the chief already has, and that link works again. A
    /// link the secretariat re-issues (generation 2 on) gets a fresh 128-bit random nonce, since the point of
    /// re-issuing is that the old link stops working.
    /// </summary>
    public IssuedLink NewLink(int year, int municipalityCode, int generation)
    {
        var nonce = generation == 1
            ? Base64Url.EncodeToString(HMACSHA256.HashData(options.Value.SigningKeyBytes(), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"first-link-nonce:{year}:{municipalityCode}"))).AsSpan(0, NonceBytes))
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes));
        var unhashed = new SurveyLink("", nonce, generation, time.GetUtcNow());
        var token = TokenFor(year, municipalityCode, unhashed);
        return new IssuedLink(unhashed with { TokenHash = Hash(token) }, token);
    }

    /// <summary>True when <paramref name="token"/> has the shape of a token (so junk never reaches storage).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The response a token opens, or null for an unknown, malformed or replaced token.</summary>
    public async Task<SurveyAccess?> ResolveAsync(string? token, CancellationToken ct = default) =>
        await FindTargetAsync(token, ct) is { } target ? (await ReadAccessAsync(target, token!, ct))?.Access : null;

    /// <summary>
    /// Whose form a well-formed token names, from the link's index row (kept in memory once found: it never changes),
    /// or null. The token still has to be the response's current link (<see cref="ReadAccessAsync"/>).
    /// </summary>
    public async Task<LinkTarget?> FindTargetAsync(string? token, CancellationToken ct = default) =>
        LooksLikeToken(token) ? await index.FindAsync(Hash(token!), ct) : null;

    /// <summary>
    /// The response <paramref name="target"/> names and last year's answers beside it, in one query; null when
    /// <paramref name="token"/> is not the response's current link (a replaced link stops working at once).
    /// </summary>
    public async Task<SurveyFormAccess?> ReadAccessAsync(LinkTarget target, string token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var read = await responses.ReadForFormAsync(target.Year, target.MunicipalityCode, ct);
        var response = read.Response;
        if (response?.Link is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(response.Link.TokenHash), Encoding.ASCII.GetBytes(Hash(token))))
        {
            return null;
        }

        return new SurveyFormAccess(new SurveyAccess(target.Year, target.MunicipalityCode, response), read.LastYear);
    }

    /// <summary>The jobcentre's response with its current link; issues the first link (generation 1) if it has none.</summary>
    public async Task<LinkedResponse> EnsureLinkAsync(int year, int municipalityCode, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await responses.GetAsync(year, municipalityCode, ct);
            if (response?.Link is not null)
            {
                return new LinkedResponse(response, TokenFor(year, municipalityCode, response.Link));
            }

            var saved = await TryStoreAsync(response, year, municipalityCode, 1, attempt, ct);
            if (saved is not null)
            {
                return saved;
            }
        }
    }

    /// <summary>
    /// Issues the next generation of the jobcentre's link: the new hash is indexed, the response points at it
    /// (so the old token stops working at once) and the old index row is removed.
    /// </summary>
    public async Task<LinkedResponse> ReissueAsync(int year, int municipalityCode, string actor, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await responses.GetAsync(year, municipalityCode, ct);
            var old = response?.Link;
            var saved = await TryStoreAsync(response, year, municipalityCode, (old?.Generation ?? 0) + 1, attempt, ct);
            if (saved is null)
            {
                continue;
            }

            if (old is not null)
            {
                await index.RemoveAsync(old.TokenHash, ct);
            }

            // The command that asked for the link writes the one audit row, with the mail's outcome.
            var generation = saved.Response.Link!.Generation;
            logger.LogInformation("Issued link generation {Generation} for {Jobcentre} in {Year} by {Actor}", generation, municipalityCode, year, actor);
            return saved;
        }
    }

    /// <summary>Indexes a new link and points the response at it; null when someone else changed the response first.</summary>
    private async Task<LinkedResponse?> TryStoreAsync(SurveyResponse? response, int year, int municipalityCode, int generation, int attempt, CancellationToken ct)
    {
        var issued = NewLink(year, municipalityCode, generation);
        var name = (await directory.GetAsync(municipalityCode, ct))?.Jobcentre.Name;

        // Index first: an index row whose response never points at it is harmless (lookups require the
        // response's current hash), whereas a response pointing at an unindexed hash would be a dead link.
        await index.AddAsync(issued.Link.TokenHash, new LinkTarget(year, municipalityCode, name), ct);
        var updated = (response ?? SurveyResponse.New(year, municipalityCode)) with { Link = issued.Link };
        try
        {
            var saved = await responses.SaveAsync(response, updated, ct);
            return new LinkedResponse(saved, issued.Token);
        }
        catch (ConcurrencyConflictException) when (attempt < 5)
        {
            // A first link is the same for every writer, so the winner may be using this very index row.
            if (generation != 1)
            {
                await index.RemoveAsync(issued.Link.TokenHash, ct);
            }

            return null;
        }
    }
}
