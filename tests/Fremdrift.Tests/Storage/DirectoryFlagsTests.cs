using Azure.Data.Tables;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fremdrift.Tests.Storage;

/// <summary>
/// The loop reads each jobcentre's flags (inactive, no address, address bounced) instead of its address. They are
/// worked out on every write; rows an earlier version wrote have none, and the loop must still see them right.
/// </summary>
public sealed class DirectoryFlagsTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly Jobcentre[] Cases =
    [
        new(101, "København", "Jobcenter København", "Chef", "chef@koebenhavn.example"),
        new(147, "Frederiksberg", "Jobcenter Frederiksberg", "Chef", "chef@frederiksberg.example", Active: false),
        new(151, "Ballerup", "Jobcenter Ballerup", "Chef", ""),
        new(153, "Brøndby", "Jobcenter Brøndby", "Chef", "chef@broendby.example", Bounce: new MailBounce("CHEF@broendby.example", "bounce", "550", Now)),
        // A bounce of an address the secretariat has since replaced does not block the new one.
        new(155, "Dragør", "Jobcenter Dragør", "Chef", "ny@dragoer.example", Bounce: new MailBounce("gammel@dragoer.example", "bounce", "550", Now)),
        new(157, "Gentofte", "Jobcenter Gentofte", "Chef", "", Active: false, Bounce: new MailBounce("x@gentofte.example", "dropped", "", Now)),
    ];

    private static string Seen(IEnumerable<JobcentreForCycle> list) =>
        string.Join(" ", list.Select(j => $"{j.MunicipalityCode}:{(j.Active ? "A" : "-")}{(j.HasAddress ? "@" : "-")}{(j.MailBlocked ? "B" : "-")}"));

    [Fact]
    public async Task The_loops_lean_read_says_what_the_whole_rows_say_for_every_kind_of_jobcentre()
    {
        var directory = new JobcentreRepository(await TestAzurite.FreshClientsAsync());
        foreach (var j in Cases)
        {
            await directory.AddAsync(j);
        }

        var bounced = (await directory.GetAsync(101))!;
        await directory.UpdateAsync(bounced.Jobcentre with { Bounce = new MailBounce("chef@koebenhavn.example", "blocked", "", Now) }, bounced.Version);

        var lean = await directory.ListForCycleAsync(withNames: true);
        Assert.Equal(Seen((await directory.ListAsync()).Select(JobcentreForCycle.Of)), Seen(lean));
        Assert.Equal("101:A@B 147:-@- 151:A-- 153:A@B 155:A@- 157:---", Seen(lean));
        Assert.Equal("Jobcenter Brøndby", lean.Single(j => j.MunicipalityCode == 153).Name);
        Assert.All(await directory.ListForCycleAsync(withNames: false), j => Assert.Equal("", j.Name));
    }

    [Fact]
    public async Task Rows_an_earlier_version_wrote_without_flags_are_read_whole_until_the_start_up_adds_the_flags()
    {
        var clients = await TestAzurite.FreshClientsAsync();
        var directory = new JobcentreRepository(clients);
        foreach (var j in Cases)
        {
            await directory.AddAsync(j);
        }

        // As an earlier version wrote them: every column but the flags.
        var table = clients.Table("Jobcentres");
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            row.Remove("Flags");
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        }

        Assert.Equal("101:A@- 147:-@- 151:A-- 153:A@B 155:A@- 157:---", Seen(await directory.ListForCycleAsync(withNames: false)));

        var bootstrap = new StorageBootstrap(clients, directory, NullLogger<StorageBootstrap>.Instance);
        await bootstrap.EnsureReadyAsync();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            Assert.NotNull(row.GetString("Flags"));
        }

        Assert.Equal("101:A@- 147:-@- 151:A-- 153:A@B 155:A@- 157:---", Seen(await directory.ListForCycleAsync(withNames: false)));
        Assert.Equal(0, await directory.AddMissingFlagsAsync());
    }
}
