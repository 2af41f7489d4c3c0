using System.Text.Json;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Site;

namespace Fremdrift.Tests.Readiness;

/// <summary>The readiness mail from the daily timer's job: 30 days before the opening once, 7 days before once more only if something is red; never to a chief.</summary>
public class ReadinessMailTests
{
    private static List<string> Recipients(ReadinessWorld world) =>
        world.SendGrid.Mails.Select(body => JsonDocument.Parse(body).RootElement.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!).ToList();

    private static string? Subject(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return root.TryGetProperty("subject", out var subject) ? subject.GetString() : root.GetProperty("personalizations")[0].GetProperty("subject").GetString();
    }

    [Fact]
    public async Task Two_timer_runs_in_the_30_days_before_the_opening_send_one_mail_to_the_secretariat()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        var mailer = world.Mailer();

        await mailer.RunFromTimerAsync(default);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await mailer.RunFromTimerAsync(default);

        Assert.Equal(["sekretariat@kkr.example"], Recipients(world));
        var entry = Assert.Single(await world.SendLog.ListAsync(2028));
        Assert.Equal((0, ReadinessMailer.ThirtyDaysStep, SendStatus.Sent), (entry.MunicipalityCode, entry.Step, entry.Status));
        var mail = JsonDocument.Parse(world.SendGrid.Mails.Single()).RootElement;
        Assert.Equal("Klar til 2028: alt er i orden", Subject(world.SendGrid.Mails.Single()));
        Assert.Contains("https://fremdrift.example/sekretariat/klar/2028", mail.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Empty(world.SendGrid.Unexpected);
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_30_days_or_after_the_opening()
    {
        await using var world = await ReadinessWorld.CreateAsync(start: ReadinessWorld.Opens2028.AddDays(-31));
        var mailer = world.Mailer();

        Assert.Null(await mailer.SendIfDueAsync(default));
        world.Clock.SetUtcNow(ReadinessWorld.Opens2028.AddMinutes(1));
        Assert.Null(await mailer.SendIfDueAsync(default));

        Assert.Empty(world.SendGrid.Mails);
        Assert.Empty(world.SendGrid.ScopeRequests);
    }

    [Fact]
    public async Task A_week_before_a_red_check_is_mailed_again_once_and_a_green_one_is_not()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        var mailer = world.Mailer();
        await mailer.RunFromTimerAsync(default);

        // A week before, all green: the 30-day mail stands, nothing more.
        world.Clock.SetUtcNow(ReadinessWorld.Opens2028.AddDays(-6));
        await mailer.RunFromTimerAsync(default);
        Assert.Single(world.SendGrid.Mails);

        // Something turns red: one more mail, whatever the timer does after.
        world.Site = new SiteOptions();
        mailer = world.Mailer();
        await mailer.RunFromTimerAsync(default);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await mailer.RunFromTimerAsync(default);

        Assert.Equal(2, world.SendGrid.Mails.Count);
        Assert.Equal([ReadinessMailer.ThirtyDaysStep, ReadinessMailer.SevenDaysStep], (await world.SendLog.ListAsync(2028)).Select(e => e.Step));
        var subject = Subject(world.SendGrid.Mails.Last());
        Assert.Equal("Klar til 2028? 1 af 7 punkter skal rettes", subject);
        Assert.All(Recipients(world), to => Assert.Equal("sekretariat@kkr.example", to));
    }

    [Fact]
    public async Task A_timer_run_with_SendGrid_refusing_the_key_records_the_failure_and_mails_no_chief()
    {
        await using var world = await ReadinessWorld.CreateAsync(acceptedKey: "SG.another-key");

        await world.Mailer().RunFromTimerAsync(default);

        // The check found the key refused; the mail with it could not go either, and says so in the send log.
        var entry = Assert.Single(await world.SendLog.ListAsync(2028));
        Assert.Equal(SendStatus.Failed, entry.Status);
        Assert.Empty(world.SendGrid.Mails);
        Assert.Contains("401", entry.Reason, StringComparison.Ordinal);
        Assert.Empty(world.SendGrid.Unexpected);
    }
}
