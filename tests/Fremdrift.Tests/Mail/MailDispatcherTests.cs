using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fremdrift.Tests.Mail;

/// <summary>The send-once dispatcher against real Azurite and a scripted SendGrid HTTP API.</summary>
public class MailDispatcherTests
{
    private static async Task<(MailDispatcher Dispatcher, SendLogRepository Log)> DispatcherAsync(string host)
    {
        var clients = await TestAzurite.FreshClientsAsync();
        var log = new SendLogRepository(clients);
        var options = SendGridSenders.Options(host);
        var dispatcher = new MailDispatcher(SendGridSenders.Create(options), log, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDispatcher>.Instance);
        return (dispatcher, log);
    }

    private static Func<CancellationToken, Task<MailPlan>> Plan() => _ =>
        Task.FromResult<MailPlan>(new MailPlan.Send(MailMessage.Create("chef@example.dk", "Chef", "Emne", "<p>Hej</p>", "Hej")));

    [Fact]
    public async Task A_429_then_202_is_retried_within_the_call_and_logged_as_sent_with_the_message_id()
    {
        await using var fake = new ScriptedSendGrid(429, 202);
        var (dispatcher, log) = await DispatcherAsync(fake.Host);

        var entry = await dispatcher.SendOnceAsync(2027, 101, "invitation", Plan());

        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.Equal("msg-2", entry.MessageId);
        Assert.Equal(2, fake.Requests);
        Assert.Equal(SendStatus.Sent, (await log.GetAsync(2027, 101, "invitation"))!.Status);
    }

    [Fact]
    public async Task The_same_step_is_sent_once_even_when_asked_twice_at_the_same_time()
    {
        await using var fake = new ScriptedSendGrid(202);
        var (dispatcher, _) = await DispatcherAsync(fake.Host);

        var both = await Task.WhenAll(
            dispatcher.SendOnceAsync(2027, 147, "reminder-1", Plan()),
            dispatcher.SendOnceAsync(2027, 147, "reminder-1", Plan()));
        var again = await dispatcher.SendOnceAsync(2027, 147, "reminder-1", Plan());

        Assert.Equal(1, fake.Requests);
        Assert.Equal(SendStatus.Sent, again.Status);
        Assert.Contains(both, e => e.Status == SendStatus.Sent);
    }

    [Fact]
    public async Task A_skip_is_logged_with_its_reason_and_nothing_is_sent()
    {
        await using var fake = new ScriptedSendGrid(202);
        var (dispatcher, log) = await DispatcherAsync(fake.Host);

        var entry = await dispatcher.SendOnceAsync(2027, 151, "invitation", _ => Task.FromResult<MailPlan>(new MailPlan.Skip("Ingen mailadresse.")));

        Assert.Equal(SendStatus.Skipped, entry.Status);
        Assert.Equal("Ingen mailadresse.", (await log.GetAsync(2027, 151, "invitation"))!.Reason);
        Assert.Equal(0, fake.Requests);
    }

    [Fact]
    public async Task Lasting_server_errors_are_deferred_then_retried_by_a_later_run_then_given_up()
    {
        await using var fake = new ScriptedSendGrid(500);
        var (dispatcher, _) = await DispatcherAsync(fake.Host);

        var first = await dispatcher.SendOnceAsync(2027, 153, "invitation", Plan());
        Assert.Equal(SendStatus.Deferred, first.Status);
        Assert.Equal(3, fake.Requests);

        var second = await dispatcher.SendOnceAsync(2027, 153, "invitation", Plan());
        Assert.Equal(SendStatus.Failed, second.Status);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(6, fake.Requests);

        var third = await dispatcher.SendOnceAsync(2027, 153, "invitation", Plan());
        Assert.Equal(SendStatus.Failed, third.Status);
        Assert.Equal(6, fake.Requests);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task The_attempts_within_one_send_follow_Mail_RetryAttempts(int attempts)
    {
        await using var fake = new ScriptedSendGrid(503);
        var clients = await TestAzurite.FreshClientsAsync();
        var options = SendGridSenders.Options(fake.Host);
        options.RetryAttempts = attempts;
        var dispatcher = new MailDispatcher(SendGridSenders.Create(options), new SendLogRepository(clients), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDispatcher>.Instance);

        var entry = await dispatcher.SendOnceAsync(2027, 101, "invitation", Plan());

        Assert.Equal(SendStatus.Deferred, entry.Status);
        Assert.Equal(attempts, fake.Requests);
    }

    [Fact]
    public async Task A_permanent_refusal_is_failed_at_once_and_never_retried()
    {
        await using var fake = new ScriptedSendGrid(400);
        var (dispatcher, _) = await DispatcherAsync(fake.Host);

        var first = await dispatcher.SendOnceAsync(2027, 155, "invitation", Plan());
        var second = await dispatcher.SendOnceAsync(2027, 155, "invitation", Plan());

        Assert.Equal(SendStatus.Failed, first.Status);
        Assert.Contains("status 400", first.Reason, StringComparison.Ordinal);
        Assert.Equal(SendStatus.Failed, second.Status);
        Assert.Equal(1, fake.Requests);
    }
}
