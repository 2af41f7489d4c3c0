using Azure.Core;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Mail.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Tests.Mail;

/// <summary>Mail:Provider=Graph as the app registers it, against the local Graph stand-in.</summary>
public sealed class GraphMailSenderTests
{
    internal const string Mailbox = "sekretariat@kkr-hovedstaden.example";

    /// <summary>The app's mail registration with Mail:Provider=Graph on the stand-in, with the given credential.</summary>
    internal static ServiceProvider Services(GraphStandIn graph, TokenCredential credential, int retryAttempts = 3) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(credential)
            .AddFremdriftMail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Graph",
                ["Mail:GraphMailbox"] = graph.Mailbox,
                ["Mail:GraphBaseUrl"] = graph.BaseUrl,
                ["Mail:RetryAttempts"] = retryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mail:RetryDelay"] = "00:00:00.020",
            }).Build())
            .BuildServiceProvider();

    private static MailMessage Mail() =>
        new("chef@herlev.example", "Anne Chef", "Fremdriftsskema 2027: Herlev", "<!DOCTYPE html><html lang=\"da\"><body><p>Kære Anne</p></body></html>", "Kære Anne",
            [new MailAttachment("Fremdriftsskema Herlev 2027.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [1, 2, 3, 250])],
            new Dictionary<string, string> { ["year"] = "2027", ["step"] = "invitation" });

    [Fact]
    public async Task A_mail_is_posted_as_the_documented_sendMail_body_with_a_token_for_Graph_and_is_sent_with_its_reference()
    {
        await using var graph = new GraphStandIn(Mailbox);
        var credential = new FakeGraphCredential();
        using var services = Services(graph, credential);
        var sender = services.GetRequiredService<IMailSender>();

        var result = await sender.SendAsync(Mail(), default);

        Assert.IsType<GraphMailSender>(sender);
        Assert.Empty(graph.Violations);
        var sent = Assert.Single(graph.Sent);
        Assert.Equal(("chef@herlev.example", "Anne Chef", "Fremdriftsskema 2027: Herlev"), (sent.To, sent.ToName, sent.Subject));
        Assert.Equal("HTML", sent.ContentType);
        Assert.Contains("<p>Kære Anne</p>", sent.Html, StringComparison.Ordinal);
        Assert.Equal([Mailbox], sent.ReplyTo);
        Assert.True(sent.SaveToSentItems);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal("Fremdriftsskema Herlev 2027.docx", attachment.Name);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, attachment.Content);
        Assert.Equal("invitation", sent.Headers["X-Fremdrift-step"]);
        Assert.Equal(sent.Reference, Assert.IsType<MailSendResult.Sent>(result).MessageId);
        Assert.StartsWith(GraphMailSender.ReferencePrefix, sent.Reference, StringComparison.Ordinal);
        Assert.Equal([GraphApi.Scope], credential.Scopes.Distinct());
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_Graphs_Retry_After_although_the_own_backoff_is_20_ms()
    {
        await using var graph = new GraphStandIn(Mailbox);
        graph.Script(new GraphStandIn.Answer(429, RetryAfterSeconds: 2, Code: "ApplicationThrottled"));
        using var services = Services(graph, new FakeGraphCredential());

        var result = await services.GetRequiredService<IMailSender>().SendAsync(Mail(), default);

        Assert.IsType<MailSendResult.Sent>(result);
        var attempts = graph.SendAttempts.ToArray();
        Assert.Equal(2, attempts.Length);
        // A lower bound only: a busy machine can make the gap longer, never shorter than what Graph asked for.
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(attempts[1] - attempts[0]).TotalMilliseconds:F0} ms");
        Assert.Single(graph.Sent);
    }

    [Fact]
    public async Task A_5xx_that_persists_is_transient_after_the_configured_attempts()
    {
        await using var graph = new GraphStandIn(Mailbox);
        graph.Script(Enumerable.Repeat(new GraphStandIn.Answer(503, Code: "ServiceUnavailable"), 10).ToArray());
        using var services = Services(graph, new FakeGraphCredential());

        var result = await services.GetRequiredService<IMailSender>().SendAsync(Mail(), default);

        var transient = Assert.IsType<MailSendResult.Transient>(result);
        Assert.Contains("503", transient.Reason, StringComparison.Ordinal);
        Assert.Equal(3, graph.SendAttempts.Count);
        Assert.Empty(graph.Sent);
    }

    [Fact]
    public async Task A_mailbox_outside_the_apps_scope_is_refused_permanently_with_Graphs_reason_and_not_retried()
    {
        await using var graph = new GraphStandIn("en-anden-postkasse@kkr-hovedstaden.example");
        using var services = Services(graph, new FakeGraphCredential());
        // The app is configured for Mailbox, the stand-in only grants another one: Exchange answers 403.
        var sender = ActivatorUtilities.CreateInstance<GraphMailSender>(services, new GraphApi(
            services.GetRequiredService<IHttpClientFactory>(), new FakeGraphCredential(), Microsoft.Extensions.Options.Options.Create(new MailOptions { GraphMailbox = Mailbox, GraphBaseUrl = graph.BaseUrl })));

        var result = await sender.SendAsync(Mail(), default);

        var permanent = Assert.IsType<MailSendResult.Permanent>(result);
        Assert.Contains("403", permanent.Reason, StringComparison.Ordinal);
        Assert.Contains("ErrorAccessDenied", permanent.Reason, StringComparison.Ordinal);
        Assert.Empty(graph.SendAttempts);
    }

    [Fact]
    public async Task A_400_is_permanent_and_a_token_for_another_audience_is_refused()
    {
        await using var graph = new GraphStandIn(Mailbox);
        graph.Script(new GraphStandIn.Answer(400, Code: "ErrorInvalidRecipients"));
        using var services = Services(graph, new FakeGraphCredential());
        using var wrongAudience = Services(graph, new FakeGraphCredential(audience: "https://storage.azure.com"));

        var refused = await services.GetRequiredService<IMailSender>().SendAsync(Mail(), default);
        var unauthorised = await wrongAudience.GetRequiredService<IMailSender>().SendAsync(Mail(), default);

        Assert.Contains("ErrorInvalidRecipients", Assert.IsType<MailSendResult.Permanent>(refused).Reason, StringComparison.Ordinal);
        Assert.Contains("InvalidAuthenticationToken", Assert.IsType<MailSendResult.Permanent>(unauthorised).Reason, StringComparison.Ordinal);
        Assert.Single(graph.SendAttempts);
        Assert.Empty(graph.Sent);
    }

    [Fact]
    public async Task The_readiness_probe_reads_the_inbox_and_sends_nothing_and_names_what_to_do_when_refused()
    {
        await using var graph = new GraphStandIn(Mailbox);
        using var services = Services(graph, new FakeGraphCredential());
        using var refused = Services(graph, new FakeGraphCredential(audience: "api://something-else"));

        var ok = await services.GetRequiredService<IMailProviderProbe>().CheckAsync(default);
        var no = await refused.GetRequiredService<IMailProviderProbe>().CheckAsync(default);

        Assert.True(ok.Ok, ok.Detail);
        Assert.Contains(Mailbox, ok.Detail, StringComparison.Ordinal);
        Assert.False(no.Ok);
        Assert.Contains("administrator", no.Detail, StringComparison.Ordinal);
        // The refused probe is stopped at its token, before the mailbox.
        Assert.Equal(1, graph.InboxReads);
        Assert.Empty(graph.SendAttempts);
        Assert.Empty(graph.Violations);
    }

    [Fact]
    public void The_provider_Graph_needs_a_mailbox()
    {
        using var services = new ServiceCollection().AddLogging().AddFremdriftMail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "Graph",
        }).Build()).BuildServiceProvider();

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MailOptions>>().Value);
        Assert.Contains("Mail:GraphMailbox", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_without_a_token_is_a_permanent_failure_in_Danish()
    {
        await using var graph = new GraphStandIn(Mailbox);
        using var services = Services(graph, new NoIdentity());

        var result = await services.GetRequiredService<IMailSender>().SendAsync(Mail(), default);

        Assert.Contains("Appens identitet fik ingen adgangsnøgle", Assert.IsType<MailSendResult.Permanent>(result).Reason, StringComparison.Ordinal);
        Assert.Empty(graph.SendAttempts);
    }

    private sealed class NoIdentity : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.");
    }
}
