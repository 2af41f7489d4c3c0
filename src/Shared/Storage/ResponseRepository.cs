using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// What a form view or a submit reads of its response in one query: the jobcentre's response and last year's
/// submitted answers as copied at the invitation (null if they were never copied; an empty list if there were none).
/// </summary>
internal sealed record ResponseForForm(SurveyResponse? Response, IReadOnlyList<Answer>? LastYear);

/// <summary>
/// What a form's save writes (<see cref="ResponseRepository.SaveFormAsync"/>): the header's new state, time of the
/// draft and submission id, the first save's time when the header has none, the draft, and for a submit the submission.
/// </summary>
public sealed record FormSave(ResponseState State, DateTimeOffset? OpenedAt, DateTimeOffset DraftSavedAt, string LastSubmissionId, IReadOnlyList<Answer> Draft, FormSubmission? Submitted);

/// <summary>A submission as a save writes it.</summary>
public sealed record FormSubmission(DateTimeOffset At, string By, IReadOnlyList<Answer> Answers);

/// <summary>One jobcentre's response reduced to what the cycle's decider looks at.</summary>
public sealed record ResponseStatus(int MunicipalityCode, ResponseState State, bool IsSubmitted)
{
    /// <summary>The id of the last submit (the form's "indsendelse"; a double click sends the same): the receipt's key.</summary>
    public string? LastSubmissionId { get; init; }
}

/// <summary>
/// Responses, one partition per cycle year. Each jobcentre has three rows: the header ("101"), its draft
/// answers ("101-draft") and its last submission ("101-submitted"). Every save is one entity-group transaction
/// guarded by the header's ETag, so a save is all-or-nothing and a concurrent editor gets a conflict instead of
/// overwriting silently. Answers sit one property pair per recommendation, which keeps a 4,000-character
/// remark per recommendation well inside Table Storage's 64 KiB property limit. A fourth row, "101-lastyear"
/// (last year's submitted answers, copied when the invitation goes out), shares the jobcentre's key range, so a
/// form reads everything of its response in one query.
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

    /// <summary>Every response of the year with its answers (29 × 4 rows: one partition query, the send log left out).</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(int year, CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)} and RowKey lt {SendLogRepository.KeyPrefix}");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        return Assemble(year, rows).ToList();
    }

    /// <summary>
    /// Every response of the year with its answers, and the year's send log (<see cref="SendLogRepository"/> keeps it
    /// in the same partition): the whole partition in one query, for the secretariat's status page.
    /// </summary>
    public async Task<(IReadOnlyList<SurveyResponse> Responses, IReadOnlyList<SendLogEntry> SendLog)> ListWithSendLogAsync(int year, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)}"), ct);
        var log = rows.Where(r => SendLogRepository.IsSendLogRow(r.RowKey)).Select(r => SendLogRepository.FromRow(year, r)).OrderBy(e => e.At).ToList();
        return (Assemble(year, rows).ToList(), log);
    }

    /// <summary>
    /// What the cycle's decider looks at, in one query: the year's response states (<see cref="ListStatusesAsync"/>)
    /// and its send log reduced to key, status and time, both $select without OData metadata.
    /// </summary>
    public async Task<(IReadOnlyList<ResponseStatus> Statuses, IReadOnlyList<SendLogEntry> SendLog)> ListStatusesAndSendLogAsync(int year, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Year(year)} and (State gt {""} or (RowKey ge {SendLogRepository.KeyPrefix} and RowKey lt {SendLogRepository.KeyEnd}))");
        var rows = await LeanTableReads.QueryAsync(clients, Table, filter, ["RowKey", "State", "LastSubmissionId", "Status", "At"], ct);
        var log = rows.Where(r => SendLogRepository.IsSendLogRow(r.RowKey)).Select(r => SendLogRepository.FromRow(year, r)).OrderBy(e => e.At).ToList();
        return (Statuses(rows), log);
    }

    /// <summary>The jobcentre's rows in one query: its response and last year's answers copied beside it.</summary>
    internal async Task<ResponseForForm> ReadForFormAsync(int year, int municipalityCode, CancellationToken ct = default)
    {
        var pk = Year(year);
        var header = Key(municipalityCode);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {header} and RowKey lt {header + "."}");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        var lastYear = rows.FirstOrDefault(r => r.RowKey == header + LastYearSuffix);
        return new ResponseForForm(Assemble(year, rows).FirstOrDefault(), lastYear is null ? null : ReadAnswers(lastYear));
    }

    /// <summary>
    /// The year's response states for the cycle: the header rows only (only they carry a State), and of them only the
    /// state and the last submission's id ($select), without OData metadata (<see cref="LeanTableReads"/>), so a turn
    /// never reads a remark's text, an ETag or a type annotation. A stored state of Submitted is what
    /// <see cref="SurveyResponse.IsSubmitted"/> says: every writer sets it together with the submit's time (the form's
    /// save, an import, the demo's answers), and a draft saved after a submit keeps it.
    /// </summary>
    public async Task<IReadOnlyList<ResponseStatus>> ListStatusesAsync(int year, CancellationToken ct = default)
    {
        // "State gt ''" keeps the rows that have a State: a comparison with a property a row lacks is false.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)} and State gt {""}");
        var rows = await LeanTableReads.QueryAsync(clients, Table, filter, ["RowKey", "State", "LastSubmissionId"], ct);
        return Statuses(rows);
    }

    private static List<ResponseStatus> Statuses(List<TableEntity> rows) =>
        rows.Where(r => IsHeader(r.RowKey))
            .Select(r =>
            {
                var state = ParseState(r.GetString("State"));
                return new ResponseStatus(int.Parse(r.RowKey, CultureInfo.InvariantCulture), state, state == ResponseState.Submitted) { LastSubmissionId = r.GetString("LastSubmissionId") };
            })
            .OrderBy(r => r.MunicipalityCode)
            .ToList();

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
    /// Saves a form without reading the response first: one transaction that merges the changed header fields into the
    /// header as it was at <paramref name="headerVersion"/> (the ETag the form was made with; any change since, a save
    /// elsewhere or a new link, fails it with <see cref="ConcurrencyConflictException"/>), and writes the draft and,
    /// for a submit, the submission. The header's other fields (the link) stay as they are. <see cref="FormSave.OpenedAt"/>
    /// is written only when the header has none. Returns the header's new ETag.
    /// </summary>
    public async Task<string> SaveFormAsync(int year, int municipalityCode, string headerVersion, FormSave save, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(save);
        if (!TableOperations.IsEntityVersion(headerVersion))
        {
            throw new ConcurrencyConflictException($"Besvarelsen fra kommune {municipalityCode}: ugyldig version.");
        }

        var pk = Year(year);
        var header = Key(municipalityCode);
        var merged = new TableEntity(pk, header)
        {
            ["State"] = save.State.ToString(),
            ["DraftSavedAt"] = save.DraftSavedAt,
            ["LastSubmissionId"] = save.LastSubmissionId,
        };
        if (save.OpenedAt is { } opened)
        {
            merged["OpenedAt"] = opened;
        }

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, merged, new ETag(headerVersion)),
            new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, header + "-draft", save.Draft)),
        };
        if (save.Submitted is { } submitted)
        {
            merged["SubmittedAt"] = submitted.At;
            merged["SubmittedBy"] = submitted.By;
            actions.Add(new(TableTransactionActionType.UpsertReplace, AnswerRow(pk, header + "-submitted", submitted.Answers)));
        }

        var results = await TableOperations.SubmitAsync(clients, Table, actions, $"Besvarelsen fra kommune {municipalityCode}", ct);
        return results[0].Headers.ETag?.ToString() ?? "";
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
                ParseState(h.GetString("State")),
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

    /// <summary>
    /// A stored state. "Opened" was written by a form's first view until a view stopped writing; a view records
    /// nothing (a mail scanner fetching the link looks the same), so such a response counts as not opened.
    /// </summary>
    private static ResponseState ParseState(string? stored) =>
        Enum.TryParse<ResponseState>(stored, out var state) && Enum.IsDefined(state) ? state : ResponseState.NotOpened;

    /// <summary>A response header's row key is the municipality code alone; answer rows are not.</summary>
    private static bool IsHeader(string rowKey) => rowKey.Length > 0 && rowKey.All(char.IsAsciiDigit);

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Key(int code) => code.ToString("D3", CultureInfo.InvariantCulture);
}
