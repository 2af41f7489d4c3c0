using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Storage;

/// <summary>
/// Versions before this one kept the send log in a table of its own ("SendLog", row key "101-invitation"). A host
/// started on such storage moves it beside the responses before anything reads or claims a mail, so a deployment in
/// the middle of a cycle sends nothing again.
/// </summary>
public sealed class SendLogMoveTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A row as the earlier version's SendLogRepository wrote it.</summary>
    private static TableEntity OldRow(int year, int code, string step, SendStatus status, string? to, string? messageId, string? reason, DateTimeOffset at) =>
        new(year.ToString(System.Globalization.CultureInfo.InvariantCulture), code.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + "-" + step)
        {
            ["MunicipalityCode"] = code,
            ["Step"] = step,
            ["Status"] = status.ToString(),
            ["To"] = to,
            ["MessageId"] = messageId,
            ["Reason"] = reason,
            ["Attempts"] = 1,
            ["At"] = at,
        };

    [Fact]
    public async Task A_host_started_on_an_old_send_log_table_moves_every_row_keeps_a_claim_made_since_and_claims_nothing_again()
    {
        var options = await TestAzurite.FreshOptionsAsync();
        var clients = TestAzurite.Clients(options);
        await clients.EnsureCreatedAsync();
        var old = clients.Table("SendLog");
        await old.CreateAsync();
        await old.AddEntityAsync(OldRow(2027, 101, MailSteps.Invitation, SendStatus.Sent, "chef@koebenhavn.example", "msg-101", null, Now.AddDays(-2)));
        await old.AddEntityAsync(OldRow(2027, 153, MailSteps.Invitation, SendStatus.Failed, "chef@broendby.example", null, "550 ukendt modtager", Now.AddDays(-2)));
        await old.AddEntityAsync(OldRow(2027, 0, MailSteps.BilagReady, SendStatus.Sent, "sekretariat@kkr.example", "msg-0", null, Now));
        await old.AddEntityAsync(OldRow(2026, 147, MailSteps.Reminder(1), SendStatus.Sent, "chef@frederiksberg.example", "msg-147", null, Now.AddYears(-1)));

        // A move that stopped half-way, after which an instance sent 153's invitation again: that row wins over the old one.
        await clients.Table("Responses").AddEntityAsync(new TableEntity("2027", "m-153-invitation")
        {
            ["Status"] = nameof(SendStatus.Sent), ["To"] = "ny@broendby.example", ["MessageId"] = "msg-153", ["Attempts"] = 2, ["At"] = Now.AddHours(-1),
        });

        await using var server = await TestDevServer.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = options.TablePrefix,
            ["Mail:Provider"] = "Outbox",
        });

        var oldGone = await Assert.ThrowsAsync<RequestFailedException>(async () => await old.QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(404, oldGone.Status);

        var log = server.Get<SendLogRepository>();
        var entries = await log.ListAsync(2027);
        Assert.Equal(
            ["101 invitation Sent chef@koebenhavn.example msg-101 ", "153 invitation Sent ny@broendby.example msg-153 ", "0 bilag-ready Sent sekretariat@kkr.example msg-0 "],
            entries.Select(e => $"{e.MunicipalityCode} {e.Step} {e.Status} {e.To} {e.MessageId} {e.Reason}"));
        Assert.Equal(Now.AddDays(-2), entries[0].At);
        var lastYear = Assert.Single(await log.ListAsync(2026));
        Assert.Equal((147, "reminder-1", "msg-147"), (lastYear.MunicipalityCode, lastYear.Step, lastYear.MessageId));

        // The moved rows are the claims: an invitation sent before the deployment is not claimed (so not sent) again.
        Assert.Null(await log.TryClaimAsync(new SendLogEntry(2027, 101, MailSteps.Invitation, SendStatus.Sending, null, null, null, 1, Now)));

        // The loop's and the status page's reads see them beside the responses, and the responses' own reads do not.
        var (_, cycleLog) = await server.Get<ResponseRepository>().ListStatusesAndSendLogAsync(2027);
        Assert.Equal(["101/Sent", "153/Sent", "0/Sent"], cycleLog.Select(e => $"{e.MunicipalityCode}/{e.Status}"));
        Assert.Empty(await server.Get<ResponseRepository>().ListAsync(2027));
    }

    [Fact]
    public async Task A_repository_used_before_any_host_start_moves_the_old_table_first()
    {
        var options = await TestAzurite.FreshOptionsAsync();
        var clients = TestAzurite.Clients(options);
        await clients.EnsureCreatedAsync();
        var old = clients.Table("SendLog");
        await old.CreateAsync();
        await old.AddEntityAsync(OldRow(2027, 165, MailSteps.Invitation, SendStatus.Sent, "chef@albertslund.example", "msg-165", null, Now));

        // A fresh repository over the same storage, as an activity that runs before the host's start-up has finished.
        var log = new SendLogRepository(TestAzurite.Clients(options));
        Assert.Null(await log.TryClaimAsync(new SendLogEntry(2027, 165, MailSteps.Invitation, SendStatus.Sending, null, null, null, 1, Now)));
        Assert.Equal("msg-165", (await log.GetAsync(2027, 165, MailSteps.Invitation))!.MessageId);
    }
}
