using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// What a form view or a submit reads in one query: the jobcentre's response, the year's cycle as copied into
/// the partition (null if the copy is missing) and last year's submitted answers as copied at the invitation
/// (null if they were never copied; an empty list if there were none).
/// </summary>
internal sealed record ResponseForForm(SurveyResponse? Response, FollowUpCycle? Cycle, IReadOnlyList<Answer>? LastYear);

/// <summary>A year's responses with the cycle's copy from the same partition read (null if the copy is missing).</summary>
internal sealed record ResponsesWithCycle(IReadOnlyList<SurveyResponse> Responses, FollowUpCycle? Cycle);

/// <summary>One jobcentre's response reduced to what the cycle's decider looks at.</summary>
public sealed record ResponseStatus(int MunicipalityCode, ResponseState State, bool IsSubmitted)
{
    /// <summary>The id of the last submit (the form's "indsendelse"; a double click sends the same): the receipt's key.</summary>
    public string? LastSubmissionId { get; init; }
}

/// <summary>The year's response states and the version of the cycle that its copy in the partition carries.</summary>
public sealed record ResponseStatuses(IReadOnlyList<ResponseStatus> Responses, string? CycleMirrorVersion, string? CycleMirrorETag);

/// <summary>
/// One row of a year's Responses partition as the decider's read returns it: a header's status (null for the
/// answer rows), the cycle copy's version (only on the copy's row), the row's ETag and its server-set Timestamp.
/// </summary>
public sealed record ResponseStatusRow(string RowKey, DateTimeOffset? Timestamp, string ETag, ResponseStatus? Status, string? CycleVersion)
{
    /// <summary>The states and the cycle copy's version from a whole partition's rows (in any order).</summary>
    public static ResponseStatuses ToStatuses(IEnumerable<ResponseStatusRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyCollection<ResponseStatusRow> ?? rows.ToList();
        var mirror = list.FirstOrDefault(r => r.RowKey == CycleRepository.MirrorRowKey);
        var statuses = list.Where(r => r.Status is not null).Select(r => r.Status!).OrderBy(r => r.MunicipalityCode).ToList();
        return new ResponseStatuses(statuses, mirror?.CycleVersion, mirror?.ETag);
    }
}

/// <summary>
/// Responses, one partition per cycle year. Each jobcentre has three rows: the header ("101"), its draft
/// answers ("101-draft") and its last submission ("101-submitted"). Every save is one entity-group transaction
/// guarded by the header's ETag, so a save is all-or-nothing and a concurrent editor gets a conflict instead of
/// overwriting silently. Answers sit one property pair per recommendation, which keeps a 4,000-character
/// remark per recommendation well inside Table Storage's 64 KiB property limit. Two more kinds of row share
/// the partition so that a form is one query: "101-lastyear" (last year's submitted answers, copied when the
/// invitation goes out) and the cycle's copy (see <see cref="CycleRepository"/>).
/// </summary>
public sealed class ResponseRepository(StorageClients clients)
{
    private TableClient Table => clients.Table("Responses");

    public async Task<SurveyResponse?> GetAsync(int year, int municipalityCode, CancellationToken ct = default)
    {
        var pk = Year(year);
        var header = Key(municipalityCode);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {header} and RowKey lt {header + "."}");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        return Assemble(year, rows).FirstOrDefault();
    }

    /// <summary>Every response of the year with its answers (29 × 3 rows: one partition query).</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(int year, CancellationToken ct = default) =>
        (await ListWithCycleAsync(year, ct)).Responses;

    /// <summary>Every response of the year and the cycle's copy, from one partition query.</summary>
    internal async Task<ResponsesWithCycle> ListWithCycleAsync(int year, CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)}"), ct);
        var mirror = rows.FirstOrDefault(r => r.RowKey == CycleRepository.MirrorRowKey);
        return new ResponsesWithCycle(Assemble(year, rows).ToList(), mirror is null ? null : CycleRepository.FromMirror(mirror));
    }

    /// <summary>
    /// The jobcentre's rows and the cycle's copy in one query: everything a form view or a submit needs from
    /// storage once the link is resolved (catalogue and directory come from memory).
    /// </summary>
    internal async Task<ResponseForForm> ReadForFormAsync(int year, int municipalityCode, CancellationToken ct = default)
    {
        var pk = Year(year);
        var header = Key(municipalityCode);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {pk} and ((RowKey ge {header} and RowKey lt {header + "."}) or RowKey eq {CycleRepository.MirrorRowKey})");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        var mirror = rows.FirstOrDefault(r => r.RowKey == CycleRepository.MirrorRowKey);
        var lastYear = rows.FirstOrDefault(r => r.RowKey == header + LastYearSuffix);
        return new ResponseForForm(
            Assemble(year, rows).FirstOrDefault(),
            mirror is null ? null : CycleRepository.FromMirror(mirror),
            lastYear is null ? null : ReadAnswers(lastYear));
    }

    /// <summary>
    /// The year's response states for the cycle's decider: only the header columns it needs ($select), so a
    /// turn reads a few hundred bytes per jobcentre instead of every remark's text.
    /// </summary>
    public async Task<ResponseStatuses> ListStatusesAsync(int year, CancellationToken ct = default) =>
        ResponseStatusRow.ToStatuses(await ListStatusRowsAsync(year, null, ct));

    /// <summary>
    /// The rows of the year's partition reduced to what the decider reads, with their server-set Timestamp:
    /// all of them (<paramref name="changedSince"/> null), or those written at or after
    /// <paramref name="changedSince"/> (server time) plus the cycle's copy, which is always included so that a
    /// reader keeping the rows in memory can check the copy's version and notice a partition that was lost.
    /// </summary>
    public async Task<IReadOnlyList<ResponseStatusRow>> ListStatusRowsAsync(int year, DateTimeOffset? changedSince, CancellationToken ct = default)
    {
        var filter = changedSince is { } since
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)} and (Timestamp ge {since.ToUniversalTime()} or RowKey eq {CycleRepository.MirrorRowKey})")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)}");
        string[] select = ["RowKey", "Timestamp", "State", "SubmittedAt", "CycleVersion", "LastSubmissionId"];
        return await clients.Guard(async () =>
        {
            var list = new List<ResponseStatusRow>();
            await foreach (var r in Table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
            {
                var status = IsHeader(r.RowKey)
                    ? new ResponseStatus(int.Parse(r.RowKey, CultureInfo.InvariantCulture), Enum.Parse<ResponseState>(r.GetString("State")), r.GetDateTimeOffset("SubmittedAt") is not null) { LastSubmissionId = r.GetString("LastSubmissionId") }
                    : null;
                list.Add(new ResponseStatusRow(r.RowKey, r.Timestamp, r.ETag.ToString(), status, r.GetString("CycleVersion")));
            }

            return list;
        });
    }

    /// <summary>
    /// Copies the jobcentre's submitted answers of <paramref name="year"/> − 1 into <paramref name="year"/>'s
    /// partition (an empty row when there were none), so that the form shows them without reading last year.
    /// Idempotent: last year is closed, so a repeated copy writes the same row.
    /// </summary>
    public async Task<IReadOnlyList<Answer>> CopyLastYearAsync(int year, int municipalityCode, CancellationToken ct = default)
    {
        var previous = await GetAsync(year - 1, municipalityCode, ct);
        var answers = previous?.Submitted ?? [];
        await SaveLastYearAsync(year, municipalityCode, answers, ct);
        return answers;
    }

    /// <summary>Stores last year's submitted answers beside this year's response (see <see cref="CopyLastYearAsync"/>).</summary>
    public Task SaveLastYearAsync(int year, int municipalityCode, IReadOnlyList<Answer> answers, CancellationToken ct = default) =>
        clients.Guard(() => Table.UpsertEntityAsync(AnswerRow(Year(year), Key(municipalityCode) + LastYearSuffix, answers), TableUpdateMode.Replace, ct));

    /// <summary>
    /// Writes <paramref name="updated"/> if the stored header still has <paramref name="updated"/>.Version
    /// (empty version: the response must not exist yet). Only answer sets that differ from
    /// <paramref name="previous"/> are written. Returns the response with its new version.
    /// </summary>
    public async Task<SurveyResponse> SaveAsync(SurveyResponse? previous, SurveyResponse updated, CancellationToken ct = default)
    {
        var actions = Actions(previous, updated);
        var results = await TableOperations.SubmitAsync(clients, Table, actions, $"Besvarelsen fra kommune {updated.MunicipalityCode}", ct);
        return updated with { Version = results[0].Headers.ETag?.ToString() ?? "" };
    }

    /// <summary>
    /// Adds new responses of one year (an imported earlier year) in as few transactions as the table allows:
    /// up to 33 jobcentres (3 rows each) go in one, so an import of KKR Hovedstaden's 29 is all or nothing.
    /// Fails with <see cref="ConcurrencyConflictException"/> if any of them exists already.
    /// </summary>
    public async Task AddAllAsync(int year, IReadOnlyList<SurveyResponse> responses, CancellationToken ct = default)
    {
        var perResponse = responses.Where(r => r.Year == year).Select(r => Actions(null, r with { Version = "" })).ToList();
        foreach (var chunk in perResponse.Chunk(33))
        {
            await TableOperations.SubmitAsync(clients, Table, chunk.SelectMany(a => a).ToList(), $"Svarene for {year}", ct);
        }
    }

    private static List<TableTransactionAction> Actions(SurveyResponse? previous, SurveyResponse updated)
    {
        var pk = Year(updated.Year);
        var header = Key(updated.MunicipalityCode);
        var headerEntity = new TableEntity(pk, header)
        {
            ["State"] = updated.State.ToString(),
            ["OpenedAt"] = updated.OpenedAt,
            ["DraftSavedAt"] = updated.DraftSavedAt,
            ["SubmittedAt"] = updated.SubmittedAt,
            ["SubmittedBy"] = updated.SubmittedBy,
            ["LastSubmissionId"] = updated.LastSubmissionId,
            ["LinkHash"] = updated.Link?.TokenHash,
            ["LinkNonce"] = updated.Link?.Nonce,
            ["LinkGeneration"] = updated.Link?.Generation,
            ["LinkIssuedAt"] = updated.Link?.IssuedAt,
        };

        if (!string.IsNullOrEmpty(updated.Version) && !TableOperations.IsEntityVersion(updated.Version))
        {
            throw new ConcurrencyConflictException($"Besvarelsen fra kommune {updated.MunicipalityCode}: ugyldig version.");
        }

        var actions = new List<TableTransactionAction>
        {
            string.IsNullOrEmpty(updated.Version)
                ? new(TableTransactionActionType.Add, headerEntity)
                : new(TableTransactionActionType.UpdateReplace, headerEntity, new ETag(updated.Version)),
        };
        if (previous is null || !previous.Draft.SequenceEqual(updated.Draft))
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, header + "-draft", updated.Draft)));
        }

        if (previous is null || !previous.Submitted.SequenceEqual(updated.Submitted))
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, header + "-submitted", updated.Submitted)));
        }

        return actions;
    }

    private static TableEntity AnswerRow(string pk, string rk, IReadOnlyList<Answer> answers)
    {
        var entity = new TableEntity(pk, rk) { ["Order"] = string.Join(',', answers.Select(a => a.RecommendationId)) };
        foreach (var answer in answers)
        {
            var name = PropertyName(answer.RecommendationId);
            entity[name + "_R"] = answer.Rating?.Code() ?? "";
            entity[name + "_T"] = answer.Remark;
        }

        return entity;
    }

    private static List<Answer> ReadAnswers(TableEntity? row)
    {
        if (row is null)
        {
            return [];
        }

        var order = row.GetString("Order") ?? "";
        var answers = new List<Answer>();
        foreach (var id in order.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = PropertyName(id);
            var code = row.GetString(name + "_R");
            Rating? rating = RatingNames.TryParseCode(code, out var r) ? r : null;
            answers.Add(new Answer(id, rating, row.GetString(name + "_T") ?? ""));
        }

        return answers;
    }

    private static IEnumerable<SurveyResponse> Assemble(int year, List<TableEntity> rows)
    {
        var byKey = rows.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        foreach (var h in rows.Where(r => IsHeader(r.RowKey)).OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            byKey.TryGetValue(h.RowKey + "-draft", out var draft);
            byKey.TryGetValue(h.RowKey + "-submitted", out var submitted);
            var linkHash = h.GetString("LinkHash");
            yield return new SurveyResponse(
                year,
                int.Parse(h.RowKey, CultureInfo.InvariantCulture),
                Enum.Parse<ResponseState>(h.GetString("State")),
                ReadAnswers(draft),
                ReadAnswers(submitted),
                h.GetDateTimeOffset("OpenedAt"),
                h.GetDateTimeOffset("DraftSavedAt"),
                h.GetDateTimeOffset("SubmittedAt"),
                h.GetString("SubmittedBy"),
                h.GetString("LastSubmissionId"),
                linkHash is null ? null : new SurveyLink(linkHash, h.GetString("LinkNonce") ?? "", h.GetInt32("LinkGeneration") ?? 1, h.GetDateTimeOffset("LinkIssuedAt") ?? DateTimeOffset.MinValue),
                h.ETag.ToString());
        }
    }

    /// <summary>Table property names allow letters, digits and underscore; anything else in an id is hex-escaped.</summary>
    internal static string PropertyName(string recommendationId)
    {
        var sb = new StringBuilder("A_");
        foreach (var c in recommendationId)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private const string LastYearSuffix = "-lastyear";

    /// <summary>A response header's row key is the municipality code alone; answer rows and the cycle's copy are not.</summary>
    private static bool IsHeader(string rowKey) => rowKey.Length > 0 && rowKey.All(char.IsAsciiDigit);

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Key(int code) => code.ToString("D3", CultureInfo.InvariantCulture);
}
