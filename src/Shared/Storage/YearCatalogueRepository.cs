using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// A year's editable recommendations in YearContent: a meta row <c>cat|meta</c> (title, areas, frozen flag) whose ETag
/// is the whole draft's version, and one row per recommendation <c>cat|r|&lt;id&gt;</c> (retired ones stay). A save
/// writes every row in one entity group transaction that replaces the meta row only if it is still at the version the
/// editor read, so two editors cannot overwrite each other and a half-written draft is never seen.
/// </summary>
public sealed class YearCatalogueRepository(StorageClients clients)
{
    private const string MetaKey = "cat|meta";
    private const string RowPrefix = "cat|r|";

    private TableClient Table => clients.Table(YearContentTable.Name);

    public async Task<CatalogueDraft?> GetAsync(int year, CancellationToken ct = default)
    {
        var pk = YearContentTable.Partition(year);
        // "cat|" to "cat}" covers every row of the prefix ('}' follows '|').
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {"cat|"} and RowKey lt {"cat}"}"), ct);
        var meta = rows.FirstOrDefault(r => r.RowKey == MetaKey);
        if (meta is null)
        {
            return null;
        }

        var areas = JsonSerializer.Deserialize<List<AreaRow>>(meta.GetString("Areas") ?? "[]") ?? [];
        var recommendations = rows
            .Where(r => r.RowKey.StartsWith(RowPrefix, StringComparison.Ordinal))
            .Select(r => (Position: r.GetInt32("Position") ?? 0, Rec: new DraftRecommendation(
                r.RowKey[RowPrefix.Length..],
                r.GetString("AreaId") ?? "",
                Enum.Parse<Obligation>(r.GetString("Obligation") ?? nameof(Obligation.Skal)),
                r.GetString("Text") ?? "",
                r.GetBoolean("Retired") ?? false)))
            .OrderBy(p => p.Position)
            .Select(p => p.Rec)
            .ToList();
        return new CatalogueDraft(
            year,
            meta.GetString("Title") ?? "",
            areas.Select(a => new DraftArea(a.Id, a.Title, a.Intro)).ToList(),
            recommendations,
            meta.GetBoolean("Frozen") ?? false,
            meta.ETag.ToString());
    }

    /// <summary>
    /// Writes the draft if nobody saved since <see cref="CatalogueDraft.Version"/> was read (empty: if no draft is
    /// stored yet). Throws <see cref="ConcurrencyConflictException"/> otherwise. Returns the draft with its new version.
    /// </summary>
    public async Task<CatalogueDraft> SaveAsync(CatalogueDraft draft, CancellationToken ct = default)
    {
        if (draft.Recommendations.Count > CatalogueEditing.MaxRecommendations)
        {
            throw new ArgumentException($"A draft holds at most {CatalogueEditing.MaxRecommendations} recommendations.", nameof(draft));
        }

        var pk = YearContentTable.Partition(draft.Year);
        var meta = new TableEntity(pk, MetaKey)
        {
            ["Title"] = draft.Title,
            ["Areas"] = JsonSerializer.Serialize(draft.Areas.Select(a => new AreaRow(a.Id, a.Title, a.Intro))),
            ["Frozen"] = draft.Frozen,
        };
        TableTransactionAction metaAction;
        if (draft.Version.Length == 0)
        {
            metaAction = new(TableTransactionActionType.Add, meta);
        }
        else if (TableOperations.IsEntityVersion(draft.Version))
        {
            metaAction = new(TableTransactionActionType.UpdateReplace, meta, new ETag(draft.Version));
        }
        else
        {
            throw new ConcurrencyConflictException($"Anbefalingerne for {draft.Year}: versionen er ikke en, som lageret har udleveret.");
        }

        var actions = new List<TableTransactionAction> { metaAction };
        for (var i = 0; i < draft.Recommendations.Count; i++)
        {
            var r = draft.Recommendations[i];
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, RowPrefix + r.Id)
            {
                ["Position"] = i,
                ["AreaId"] = r.AreaId,
                ["Obligation"] = r.Obligation.ToString(),
                ["Text"] = r.Text,
                ["Retired"] = r.Retired,
            }));
        }

        var responses = await TableOperations.SubmitAsync(clients, Table, actions, $"Anbefalingerne for {draft.Year}", ct);
        return draft with { Version = responses[0].Headers.ETag?.ToString() ?? "" };
    }

    private sealed record AreaRow(string Id, string Title, string Intro);
}
