using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    private static async Task<(MailDispatcher Dispatcher, SendLogRepository Log, MailSendsInFlight InFlight)> TrackedAsync(string host, Action<MailOptions>? configure = null, TimeProvider? time = null)
    {
        var clients = await TestAzurite.FreshClientsAsync();
        var log = new SendLogRepository(clients);
        var options = SendGridSenders.Options(host);
        configure?.Invoke(options);
        var inFlight = new MailSendsInFlight();
        var dispatcher = new MailDispatcher(SendGridSenders.Create(options), log, time ?? TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDispatcher>.Instance, inFlight);
        return (dispatcher, log, inFlight);
    }

    [Fact]
    public async Task A_stale_sending_claim_is_settled_as_sent_on_evidence_else_sent_again_and_a_fresh_one_is_left_alone()
    {
        await using var fake = new ScriptedSendGrid(202);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2027, 1, 6, 8, 0, 0, TimeSpan.Zero));
        var (dispatcher, log, _) = await TrackedAsync(fake.Host, o => o.StaleClaimAfter = TimeSpan.FromMinutes(3), clock);
        var claimedAt = clock.GetUtcNow();

        // Two senders died between claiming and recording (rows left "Sending").
        await log.TryClaimAsync(new SendLogEntry(2027, 101, "invitation", SendStatus.Sending, null, null, null, 1, claimedAt));
        await log.TryClaimAsync(new SendLogEntry(2027, 147, "invitation", SendStatus.Sending, null, null, null, 1, claimedAt));
        Task<string?> Opened(DateTimeOffset since, CancellationToken ct) => Task.FromResult<string?>(since == claimedAt ? "Skemaet er åbnet siden." : null);
        Task<string?> Nothing(DateTimeOffset since, CancellationToken ct) => Task.FromResult<string?>(null);

        clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = await dispatcher.SendOnceWithEvidenceAsync(2027, 147, "invitation", Plan(), Nothing);
        Assert.Equal((SendStatus.Sending, 0), (fresh.Status, fake.Requests));

        clock.Advance(TimeSpan.FromMinutes(2));
        var settled = await dispatcher.SendOnceWithEvidenceAsync(2027, 101, "invitation", Plan(), Opened);
        var resent = await dispatcher.SendOnceWithEvidenceAsync(2027, 147, "invitation", Plan(), Nothing);

        Assert.Equal((SendStatus.Sent, "Skemaet er åbnet siden."), (settled.Status, settled.Reason));
        Assert.Equal((SendStatus.Sent, 2), (resent.Status, resent.Attempts));
        Assert.Equal(1, fake.Requests);
    }

    [Fact]
    public async Task A_claimed_send_runs_to_the_end_and_is_recorded_even_when_the_caller_cancels_midway()
    {
        await using var fake = new ScriptedSendGrid(202);
        var release = new TaskCompletionSource();
        var received = new TaskCompletionSource();
        fake.BeforeAnswer = () =>
        {
            received.TrySetResult();
            return release.Task;
        };
        var (dispatcher, log, _) = await TrackedAsync(fake.Host);
        using var stopping = new CancellationTokenSource();

        var send = dispatcher.SendOnceAsync(2027, 101, "invitation", Plan(), stopping.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await Task.Delay(200);
        release.SetResult();
        var entry = await send.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.Equal(SendStatus.Sent, (await log.GetAsync(2027, 101, "invitation"))!.Status);
        Assert.Equal(1, fake.Requests);
    }

    [Fact]
    public async Task A_graceful_stop_waits_for_the_sends_in_flight_and_claims_nothing_new()
    {
        await using var fake = new ScriptedSendGrid(202);
        var release = new TaskCompletionSource();
        var received = new TaskCompletionSource();
        fake.BeforeAnswer = () =>
        {
            received.TrySetResult();
            return release.Task;
        };
        var (dispatcher, log, inFlight) = await TrackedAsync(fake.Host);

        var send = dispatcher.SendOnceAsync(2027, 101, "invitation", Plan());
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var drained = inFlight.StopAndDrainAsync();
        await Task.Delay(200);
        Assert.False(drained.IsCompleted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.SendOnceAsync(2027, 147, "invitation", Plan()));

        release.SetResult();
        await drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SendStatus.Sent, (await send).Status);
        Assert.Null(await log.GetAsync(2027, 147, "invitation"));
        Assert.Equal(1, fake.Requests);
    }

    [Fact]
    public async Task SendGrids_timeouts_run_on_real_time_whatever_clock_the_host_registers()
    {
        // The demo's clock: a day in 0.4 s. On it, a 2-second attempt timeout would be 9 microseconds of real time.
        await using var fake = new ScriptedSendGrid(202) { BeforeAnswer = () => Task.Delay(300) };
        var options = SendGridSenders.Options(fake.Host);
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        var sender = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new Fremdrift.DevServer.Cycle.AcceleratedTimeProvider(DateTimeOffset.UtcNow, 216000))
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(options))
            .AddSendGridHttpClient()
            .AddSingleton<SendGridMailSender>()
            .BuildServiceProvider()
            .GetRequiredService<SendGridMailSender>();

        var result = await sender.SendAsync(MailMessage.Create("chef@example.dk", "Chef", "Emne", "<p>Hej</p>", "Hej"), default);

        Assert.IsType<MailSendResult.Sent>(result);
        Assert.Equal(1, fake.Requests);
    }
}
