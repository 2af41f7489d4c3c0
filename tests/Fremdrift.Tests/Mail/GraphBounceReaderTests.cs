using Fremdrift.Shared;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Mail.Graph;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Mail;

/// <summary>
/// Bounces with Mail:Provider=Graph: the app's registration on real Azurite, mails sent through the send-once path to
/// the Graph stand-in, and non-delivery reports shaped as Exchange writes them put in the stand-in's inbox.
/// </summary>
#pragma warning disable CA1001 // Disposed in DisposeAsync (xunit's IAsyncLifetime)
public sealed class GraphBounceReaderTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero));
    private GraphStandIn _graph = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _graph = new GraphStandIn(GraphMailSenderTests.Mailbox);
        var storage = await TestAzurite.FreshOptionsAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:TablePrefix"] = storage.TablePrefix,
            ["Storage:DocumentContainer"] = storage.DocumentContainer,
            ["Mail:Provider"] = "Graph",
            ["Mail:GraphMailbox"] = _graph.Mailbox,
            ["Mail:GraphBaseUrl"] = _graph.BaseUrl,
            ["Mail:RetryDelay"] = "00:00:00.020",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton<Azure.Core.TokenCredential>(new FakeGraphCredential())
            .AddFremdrift(config)
            .BuildServiceProvider();
        await Get<StorageBootstrap>().EnsureReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Sends the step to the jobcentre's chief through the send-once path; returns what Graph received.</summary>
    private async Task<GraphStandIn.SentMail> SendAsync(int code, string step)
    {
        var chief = (await Get<JobcentreRepository>().GetAsync(code))!.Jobcentre;
        var entry = await Get<MailDispatcher>().SendOnceAsync(2027, code, step, _ => Task.FromResult<MailPlan>(
            new MailPlan.Send(MailMessage.Create(chief.ChiefEmail, chief.ChiefName, $"Fremdriftsskema 2027 ({step}): {chief.Name}", "<p>Kære chef</p>", "Kære chef"))));
        Assert.Equal(SendStatus.Sent, entry.Status);
        return _graph.Sent.Single(m => m.Reference == entry.MessageId);
    }

    [Fact]
    public async Task Exchanges_reports_mark_the_jobcentres_they_concern_a_chiefs_reply_is_left_alone_and_each_report_counts_once()
    {
        var herlev = await SendAsync(163, MailSteps.Invitation);
        var gentofte = await SendAsync(157, MailSteps.Invitation);
        var glostrup = await SendAsync(161, MailSteps.Invitation);
        _clock.Advance(TimeSpan.FromMinutes(3));
        _graph.Inbox.Enqueue(_graph.ExchangeReport(herlev, _clock.GetUtcNow()));
        _graph.Inbox.Enqueue(_graph.ExchangeReport(gentofte, _clock.GetUtcNow(), danish: true));
        _graph.Inbox.Enqueue(GraphStandIn.Reply(glostrup, _clock.GetUtcNow()));

        var first = await Get<GraphBounceReader>().RunAsync(default);
        var again = await Get<GraphBounceReader>().RunAsync(default);

        Assert.Equal(new GraphBounceRun(Read: 3, Reports: 2, Recorded: 2, Unmatched: 0, AlreadyDone: 0), first);
        Assert.Equal(new GraphBounceRun(Read: 3, Reports: 2, Recorded: 0, Unmatched: 0, AlreadyDone: 2), again);
        var directory = Get<JobcentreRepository>();
        var marked = (await directory.GetAsync(163))!.Jobcentre;
        Assert.True(marked.IsMailBlocked);
        Assert.Equal(herlev.To, marked.Bounce!.Email);
        Assert.Contains("Undeliverable", marked.Bounce.Reason, StringComparison.Ordinal);
        Assert.Contains("5.1.1", marked.Bounce.Reason, StringComparison.Ordinal);
        Assert.True((await directory.GetAsync(157))!.Jobcentre.IsMailBlocked);
        Assert.False((await directory.GetAsync(161))!.Jobcentre.IsMailBlocked);
        var audit = await Get<AuditLogRepository>().ListAsync(2027);
        Assert.Equal(2, audit.Count(a => a.Actor == GraphBounceReader.Actor));
        Assert.Empty(_graph.Violations);
    }

    [Fact]
    public async Task A_report_without_the_original_headers_is_matched_by_its_recipient_to_the_last_mail_sent_there()
    {
        await SendAsync(163, MailSteps.Invitation);
        _clock.Advance(TimeSpan.FromDays(1));
        var reminder = await SendAsync(163, MailSteps.Reminder(1));
        _clock.Advance(TimeSpan.FromHours(2));
        _graph.Inbox.Enqueue(_graph.PostmasterReport(reminder.To, reminder.Subject, _clock.GetUtcNow()));
        // A report about an address the app never mailed concerns nobody here.
        _graph.Inbox.Enqueue(_graph.PostmasterReport("ukendt@andet.example", "Noget andet", _clock.GetUtcNow()));

        var run = await Get<GraphBounceReader>().RunAsync(default);

        Assert.Equal((2, 1, 1), (run.Reports, run.Recorded, run.Unmatched));
        Assert.True((await Get<JobcentreRepository>().GetAsync(163))!.Jobcentre.IsMailBlocked);
    }

    [Fact]
    public async Task A_report_about_an_address_the_secretariat_has_since_corrected_blocks_nothing()
    {
        var herlev = await SendAsync(163, MailSteps.Invitation);
        var directory = Get<JobcentreRepository>();
        var stored = (await directory.GetAsync(163))!;
        await directory.UpdateAsync(stored.Jobcentre with { ChiefEmail = "ny.chef@herlev.example" }, stored.Version);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _graph.Inbox.Enqueue(_graph.ExchangeReport(herlev, _clock.GetUtcNow()));

        var run = await Get<GraphBounceReader>().RunAsync(default);

        Assert.Equal((1, 0), (run.Reports, run.Recorded));
        Assert.False((await directory.GetAsync(163))!.Jobcentre.IsMailBlocked);
    }

    [Fact]
    public async Task Reports_older_than_the_window_are_not_read_and_a_refused_read_is_a_Danish_error()
    {
        var herlev = await SendAsync(163, MailSteps.Invitation);
        _graph.Inbox.Enqueue(_graph.ExchangeReport(herlev, _clock.GetUtcNow().AddMinutes(1)));
        _clock.Advance(GraphBounceReader.Window + TimeSpan.FromHours(1));

        var late = await Get<GraphBounceReader>().RunAsync(default);
        Assert.Equal(new GraphBounceRun(0, 0, 0, 0, 0), late);

        var reader = ActivatorUtilities.CreateInstance<GraphBounceReader>(_services, new GraphApi(Get<IHttpClientFactory>(), new FakeGraphCredential("https://wrong.example"), Get<Microsoft.Extensions.Options.IOptions<MailOptions>>()));
        var e = await Assert.ThrowsAsync<GraphReadException>(() => reader.RunAsync(default));
        Assert.Contains("kunne ikke læses", e.Message, StringComparison.Ordinal);
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_with_Provider_Graph_sends_through_Graph_and_reads_the_mailbox_for_bounces_at_start()
    {
        await using var graph = new GraphStandIn(GraphMailSenderTests.Mailbox);
        await using var server = await TestDevServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Graph",
                ["Mail:GraphMailbox"] = graph.Mailbox,
                ["Mail:GraphBaseUrl"] = graph.BaseUrl,
            },
            services => services.AddSingleton<Azure.Core.TokenCredential>(new FakeGraphCredential()));

        var sent = await server.Get<IMailSender>().SendAsync(MailMessage.Create("chef@herlev.example", "Chef", "Emne", "<p>Hej</p>", "Hej"), default);

        Assert.IsType<MailSendResult.Sent>(sent);
        Assert.Single(graph.Sent);
        // LocalGraphBounceTimer's first run, right after the host starts (then every 15 minutes).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (graph.InboxReads == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(graph.InboxReads > 0, "the local host did not read the Graph mailbox for bounces");
        Assert.Empty(graph.Violations);
    }

    [Theory]
    [InlineData("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@kkr.example", "Undeliverable: Fremdriftsskema 2027", true)]
    [InlineData("postmaster@herlev.example", "Kan ikke leveres: Fremdriftsskema 2027", true)]
    [InlineData("MAILER-DAEMON@mx.herlev.example", "Undelivered Mail Returned to Sender", true)]
    [InlineData("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@kkr.example", "Delivery delayed: Fremdriftsskema 2027", false)]
    [InlineData("chef@herlev.example", "Undeliverable: Fremdriftsskema 2027", false)]
    [InlineData("chef@herlev.example", "Automatisk svar: Fremdriftsskema 2027", false)]
    [InlineData("postmaster@herlev.example", "SV: Fremdriftsskema 2027", false)]
    public void Only_the_mail_systems_failure_reports_count_as_bounces(string from, string subject, bool isReport)
    {
        var message = new GraphBounceReader.InboxMessage("id", subject, from, DateTimeOffset.UnixEpoch, "");

        Assert.Equal(isReport, GraphBounceReader.IsNonDeliveryReport(message));
    }
}
