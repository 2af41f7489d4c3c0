namespace Fremdrift.Shared.Domain;

/// <summary>One jobcentre's answer to one recommendation.</summary>
public sealed record Answer(string RecommendationId, Rating? Rating, string Remark);

/// <summary>
/// Where a jobcentre is with this year's form, as far as the chief's own actions show it. Viewing the form records
/// nothing (a GET never changes state: a mail scanner that fetches every link looks the same as a chief), so the form
/// counts as opened once the chief saves a draft or submits; until then it is <see cref="NotOpened"/>.
/// </summary>
public enum ResponseState
{
    NotOpened,
    Draft,
    Submitted,
}

/// <summary>
/// One jobcentre's response in one cycle. <see cref="Draft"/> is what the chief is working on;
/// <see cref="Submitted"/> is the last complete submission, which stays until a new one is complete.
/// <see cref="Version"/> is the storage ETag, used for optimistic concurrency.
/// </summary>
public sealed record SurveyResponse(
    int Year,
    int MunicipalityCode,
    ResponseState State,
    IReadOnlyList<Answer> Draft,
    IReadOnlyList<Answer> Submitted,
    DateTimeOffset? OpenedAt, // the first save (draft or submit); a view is not recorded
    DateTimeOffset? DraftSavedAt,
    DateTimeOffset? SubmittedAt,
    string? SubmittedBy,
    string? LastSubmissionId,
    SurveyLink? Link,
    string Version)
{
    /// <summary>
    /// A new form page's submission id (<see cref="LastSubmissionId"/>): 48 random bits as 12 hex digits. It only has to tell this page's submit from the
    /// same response's other submits (a double click posts the same id), and the loop reads it every turn, in the
    /// response's header and in its receipt's send-log key, so it is kept short.
    /// </summary>
    public static string NewSubmissionId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    public static SurveyResponse New(int year, int municipalityCode) =>
        new(year, municipalityCode, ResponseState.NotOpened, [], [], null, null, null, null, null, null, "");

    public bool IsSubmitted => SubmittedAt is not null;
}

/// <summary>
/// The current personal link of a jobcentre in a cycle. The token itself is never stored: only its SHA-256
/// hash (for lookup) and the random nonce from which the token is derived with the configured signing key.
/// </summary>
public sealed record SurveyLink(string TokenHash, string Nonce, int Generation, DateTimeOffset IssuedAt);
