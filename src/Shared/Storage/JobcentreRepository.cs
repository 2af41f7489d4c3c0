using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>A jobcentre as stored, with the ETag to update it by.</summary>
public sealed record StoredJobcentre(Jobcentre Jobcentre, string Version);

/// <summary>What the cycle's decider needs of a jobcentre (<see cref="JobcentreRepository.ListForCycleAsync"/>); the name only for pages.</summary>
public sealed record JobcentreForCycle(int MunicipalityCode, string Name, bool Active, bool HasAddress, bool MailBlocked)
{
    public static JobcentreForCycle Of(Jobcentre j)
    {
        ArgumentNullException.ThrowIfNull(j);
        return new(j.MunicipalityCode, j.Name, j.Active, j.HasAddress, j.IsMailBlocked);
    }
}

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
    /// The directory reduced to what the cycle looks at: each row's key and <see cref="JobcentreEntity.Flags"/> ($select,
    /// without OData metadata, <see cref="LeanTableReads"/>), about 30 bytes a jobcentre where its address alone is 40;
    /// <paramref name="withNames"/> adds the name, which only pages show. Rows an earlier version wrote have no flags:
    /// then the whole directory is read as it is (<see cref="AddMissingFlagsAsync"/> rewrites such rows at start-up).
    /// </summary>
    public async Task<IReadOnlyList<JobcentreForCycle>> ListForCycleAsync(bool withNames, CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        string[] select = withNames ? ["RowKey", "Name", "Flags"] : ["RowKey", "Flags"];
        var rows = await LeanTableReads.QueryAsync(clients, Table, filter, select, ct);
        if (rows.Any(r => r.GetString("Flags") is null))
        {
            return (await ListAsync(ct)).Select(j => JobcentreForCycle.Of(j) with { Name = withNames ? j.Name : "" }).ToList();
        }

        return rows.Select(r =>
            {
                var flags = r.GetString("Flags")!;
                return new JobcentreForCycle(
                    int.Parse(r.RowKey, CultureInfo.InvariantCulture),
                    r.GetString("Name") ?? "",
                    Active: !flags.Contains(InactiveFlag, StringComparison.Ordinal),
                    HasAddress: !flags.Contains(NoAddressFlag, StringComparison.Ordinal),
                    MailBlocked: flags.Contains(MailBlockedFlag, StringComparison.Ordinal));
            })
            .OrderBy(j => j.MunicipalityCode)
            .ToList();
    }

    /// <summary>
    /// Writes <see cref="JobcentreEntity.Flags"/> into the rows an earlier version wrote without them (each guarded by its
    /// ETag: a row changed meanwhile was written with its flags by this version). Returns the number of rows rewritten.
    /// </summary>
    public async Task<int> AddMissingFlagsAsync(CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<JobcentreEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), ct);
        var rewritten = 0;
        foreach (var row in rows.Where(r => r.Flags is null))
        {
            try
            {
                await UpdateAsync(row.ToDomain(), row.ETag.ToString(), ct);
                rewritten++;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }

        return rewritten;
    }

    private const string InactiveFlag = "i";
    private const string NoAddressFlag = "a";
    private const string MailBlockedFlag = "b";

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

        /// <summary>
        /// Why the loop does not mail this jobcentre, as letters: "i" inactive, "a" no address, "b" the address bounced;
        /// empty when it mails it. Worked out from the other columns by <see cref="From"/>, the only writer of these rows,
        /// so it always agrees with them; it lets the loop's turn read 30 bytes a jobcentre instead of the address.
        /// Null in rows an earlier version wrote.
        /// </summary>
        public string? Flags { get; set; }

        public static JobcentreEntity From(Jobcentre j) => new()
        {
            Flags = (j.Active ? "" : InactiveFlag) + (j.HasAddress ? "" : NoAddressFlag) + (j.IsMailBlocked ? MailBlockedFlag : ""),
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
