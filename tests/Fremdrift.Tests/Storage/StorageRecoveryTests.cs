using System.Net;
using System.Text.RegularExpressions;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Cycle;

namespace Fremdrift.Tests.Storage;

/// <summary>A storage that forgets (Azurite killed without its data, a table deleted): the app carries on by itself.</summary>
public partial class StorageRecoveryTests
{
    private static readonly DateTimeOffset Now = CycleSchedule.Plan(2027, new CycleOptions()).OpensAt.AddDays(1);

    private static async Task DropTablesAsync(StorageClients clients, params string[] names)
    {
        foreach (var name in names)
        {
            await clients.Tables.DeleteTableAsync(clients.Options.TablePrefix + name);
        }
    }

    private static string LatestLink(OutboxStore outbox, int code) =>
        LinkPattern().Match(outbox.List().First(m => m.Tags.TryGetValue("jobcentre", out var c) && c == code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Text).Value;

    [Fact]
    public async Task Tables_and_the_document_container_that_vanish_mid_run_are_created_again_and_the_call_succeeds()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var clients = host.Server.Get<StorageClients>();
        await DropTablesAsync(clients, "AuditLog", "Responses", "Jobcentres");
        await clients.Documents.DeleteAsync();

        await host.Server.Get<AuditLogRepository>().AppendAsync(new AuditEntry(2027, Now, "test", "Efter tab", "tabellen var væk"));
        Assert.Empty(await host.Server.Get<SendLogRepository>().ListAsync(2027));
        Assert.Empty(await host.Server.Get<JobcentreRepository>().ListAsync());
        await clients.Guard(() => clients.Documents.GetBlobClient("2027/test.txt").UploadAsync(BinaryData.FromString("x")));

        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Efter tab");
        Assert.True((await clients.Documents.GetBlobClient("2027/test.txt").ExistsAsync()).Value);
    }

    [Fact]
    public async Task After_storage_lost_the_response_and_the_send_log_a_second_invitation_carries_the_same_link_and_it_works()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        var mailer = host.Server.Get<ISurveyMailer>();
        var outbox = host.Server.Get<OutboxStore>();
        Assert.Equal(SendStatus.Sent, (await mailer.SendInvitationAsync(2027, 101, CancellationToken.None)).Status);
        var first = LatestLink(outbox, 101);

        await DropTablesAsync(host.Server.Get<StorageClients>(), "Responses", "Links");
        Assert.Equal(SendStatus.Sent, (await mailer.SendInvitationAsync(2027, 101, CancellationToken.None)).Status);

        Assert.Equal(2, outbox.List().Count(m => m.Tags["jobcentre"] == "101"));
        Assert.Equal(first, LatestLink(outbox, 101));
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(first))).StatusCode);
    }

    [Fact]
    public async Task A_link_the_secretariat_reissues_is_still_new_and_the_old_one_dies()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var links = host.Server.Get<SurveyLinks>();
        var first = await links.EnsureLinkAsync(2027, 147);

        var second = await links.ReissueAsync(2027, 147, "test");

        Assert.NotEqual(first.Token, second.Token);
        Assert.Null(await links.ResolveAsync(first.Token));
        Assert.NotNull(await links.ResolveAsync(second.Token));
    }

    [GeneratedRegex(@"https?://\S+/skema/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
