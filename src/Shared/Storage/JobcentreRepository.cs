using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>A jobcentre as stored, with the ETag to update it by.</summary>
public sealed record StoredJobcentre(Jobcentre Jobcentre, string Version);

/// <summary>The secretariat's directory of jobcentres and their chiefs' addresses.</summary>
public sealed class JobcentreRepository(StorageClients clients)
{
    private const string Partition = "jobcentre";
    private TableClient Table => clients.Table("Jobcentres");

    public async Task<IReadOnlyList<StoredJobcentre>> ListWithVersionsAsync(CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<JobcentreEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), ct);
        return rows.Select(r => new StoredJobcentre(r.ToDomain(), r.ETag.ToString())).OrderBy(r => r.Jobcentre.MunicipalityCode).ToList();
    }

    /// <summary>
    /// The directory reduced to what the cycle looks at ($select: code, active, the chief's address and a bounced
    /// address; <paramref name="withNames"/> adds the name, which only pages show), without OData metadata
    /// (<see cref="LeanTableReads"/>). The other fields are empty: for the cycle's snapshot only.
    /// </summary>
    public async Task<IReadOnlyList<Jobcentre>> ListForCycleAsync(bool withNames, CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        string[] select = withNames ? ["RowKey", "Name", "Active", "ChiefEmail", "BounceEmail"] : ["RowKey", "Active", "ChiefEmail", "BounceEmail"];
        var rows = await LeanTableReads.QueryAsync(clients, Table, filter, select, ct);
        return rows.Select(r =>
            {
                var bounce = r.GetString("BounceEmail");
                return new Jobcentre(
                    int.Parse(r.RowKey, CultureInfo.InvariantCulture), "", r.GetString("Name") ?? "", "", r.GetString("ChiefEmail") ?? "",
                    Active: LeanTableReads.Flag(r, "Active") ?? true,
                    Bounce: bounce is null ? null : new MailBounce(bounce, "", "", DateTimeOffset.MinValue));
            })
            .OrderBy(j => j.MunicipalityCode)
            .ToList();
    }

    public async Task<IReadOnlyList<Jobcentre>> ListAsync(CancellationToken ct = default) =>
        (await ListWithVersionsAsync(ct)).Select(r => r.Jobcentre).ToList();

    public async Task<StoredJobcentre?> GetAsync(int municipalityCode, CancellationToken ct = default)
    {
        var entity = await TableOperations.GetAsync<JobcentreEntity>(clients, Table, Partition, Key(municipalityCode), ct);
        return entity is null ? null : new StoredJobcentre(entity.ToDomain(), entity.ETag.ToString());
    }

    public async Task<string> AddAsync(Jobcentre jobcentre, CancellationToken ct = default) =>
        (await TableOperations.AddAsync(clients, Table, JobcentreEntity.From(jobcentre), jobcentre.Name, ct)).ToString();

    public async Task<string> UpdateAsync(Jobcentre jobcentre, string version, CancellationToken ct = default) =>
        (await TableOperations.UpdateAsync(clients, Table, JobcentreEntity.From(jobcentre), version, jobcentre.Name, ct)).ToString();

    /// <summary>Fills an empty directory (first start) with the given jobcentres; leaves a non-empty one alone.</summary>
    public async Task<int> SeedIfEmptyAsync(IEnumerable<Jobcentre> jobcentres, CancellationToken ct = default)
    {
        if ((await ListWithVersionsAsync(ct)).Count > 0)
        {
            return 0;
        }

        var added = 0;
        foreach (var j in jobcentres)
        {
            try
            {
                await AddAsync(j, ct);
                added++;
            }
            catch (ConcurrencyConflictException)
            {
                // Seeded concurrently by another instance.
            }
        }

        return added;
    }

    private static string Key(int code) => code.ToString("D3", CultureInfo.InvariantCulture);

    private sealed class JobcentreEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Municipality { get; set; } = "";
        public string Name { get; set; } = "";
        public string ChiefName { get; set; } = "";
        public string ChiefEmail { get; set; } = "";
        public string? DeputyName { get; set; }
        public string? DeputyEmail { get; set; }
        public bool Active { get; set; } = true;
        public string? BounceEmail { get; set; }
        public string? BounceEvent { get; set; }
        public string? BounceReason { get; set; }
        public DateTimeOffset? BounceAt { get; set; }

        public static JobcentreEntity From(Jobcentre j) => new()
        {
            RowKey = Key(j.MunicipalityCode),
            Municipality = j.Municipality,
            Name = j.Name,
            ChiefName = j.ChiefName,
            ChiefEmail = j.ChiefEmail,
            DeputyName = j.DeputyName,
            DeputyEmail = j.DeputyEmail,
            Active = j.Active,
            BounceEmail = j.Bounce?.Email,
            BounceEvent = j.Bounce?.Event,
            BounceReason = j.Bounce?.Reason,
            BounceAt = j.Bounce?.At,
        };

        public Jobcentre ToDomain() => new(
            int.Parse(RowKey, CultureInfo.InvariantCulture),
            Municipality,
            Name,
            ChiefName,
            ChiefEmail,
            DeputyName,
            DeputyEmail,
            Active,
            BounceEmail is null ? null : new MailBounce(BounceEmail, BounceEvent ?? "", BounceReason ?? "", BounceAt ?? DateTimeOffset.MinValue));
    }
}
