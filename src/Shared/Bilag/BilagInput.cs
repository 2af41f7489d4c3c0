using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>One municipality's last complete submission in one year (drafts in progress are never part of a document).</summary>
public sealed record SubmittedAnswers(int MunicipalityCode, IReadOnlyList<Answer> Answers, DateTimeOffset? SubmittedAt, string? SubmittedBy);

/// <summary>
/// Everything the bilag and the Excel export are built from. The builders do no I/O, so the input is the whole
/// truth: <see cref="Jobcentres"/> are the municipalities the document lists (in their order after sorting by
/// municipality code), <see cref="LastYear"/> may be empty (first year, or no comparison wanted).
/// </summary>
public sealed record BilagInput(
    int Year,
    Domain.Catalogue Catalogue,
    IReadOnlyList<Jobcentre> Jobcentres,
    IReadOnlyList<SubmittedAnswers> ThisYear,
    IReadOnlyList<SubmittedAnswers> LastYear,
    DateTimeOffset GeneratedAt,
    bool Draft);

/// <summary>Input of one municipality's own fremdriftsskema; <see cref="Submission"/> is null when it has not answered (a blank form).</summary>
public sealed record MunicipalityFormInput(
    int Year,
    Domain.Catalogue Catalogue,
    Jobcentre Jobcentre,
    SubmittedAnswers? Submission,
    DateTimeOffset GeneratedAt);
