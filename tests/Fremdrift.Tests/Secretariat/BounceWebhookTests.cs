using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;

namespace Fremdrift.Tests.Secretariat;

/// <summary>SendGrid's Event Webhook: bounces mark the jobcentre; signatures checked with a key pair made here.</summary>
public class BounceWebhookTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 20, 10, 0, 0, TimeSpan.Zero);

    private static string Events(string email) => $$"""
        [
          {"email":"{{email}}","timestamp":1800000000,"event":"delivered","sg_event_id":"a1"},
          {"email":"{{email}}","timestamp":1800000100,"event":"bounce","type":"bounce","reason":"550 5.1.1 user unknown","sg_event_id":"a2"},
          {"email":"someone@else.example","timestamp":1800000100,"event":"dropped","reason":"Bounced Address","sg_event_id":"a3"}
        ]
        """;

    private static async Task<HttpResponseMessage> PostAsync(CycleTestHost host, string body, string? signature = null, string? timestamp = null)
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.Server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(BounceWebhook.SignatureHeader, signature);
        }

        if (timestamp is not null)
        {
            request.Headers.Add(BounceWebhook.TimestampHeader, timestamp);
        }

        return await client.SendAsync(request);
    }

    private static string Sign(ECDsa key, string timestamp, string body) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    [Fact]
    public async Task A_bounce_marks_the_jobcentre_and_the_decider_stops_mailing_it()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);
        var directory = host.Server.Get<JobcentreRepository>();
        var email = (await directory.GetAsync(147))!.Jobcentre.ChiefEmail;

        var response = await PostAsync(host, Events(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"recorded\":1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bounced = (await directory.GetAsync(147))!.Jobcentre;
        Assert.True(bounced.IsMailBlocked);
        Assert.Equal("bounce", bounced.Bounce!.Event);
        Assert.Equal("550 5.1.1 user unknown", bounced.Bounce.Reason);
        Assert.Single(await host.Server.Get<AuditLogRepository>().ListAsync(2027), a => a.Action == "Mail afvist" && a.Actor == "SendGrid");

        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        var decision = CycleDecider.Decide(await host.Server.Get<CycleStateLoader>().LoadAsync(2027), Now);
        Assert.DoesNotContain(new CycleAction.SendInvitation(2027, 147), decision.Actions);
        Assert.Contains(new CycleAction.SendInvitation(2027, 101), decision.Actions);
    }

    [Fact]
    public async Task With_a_verification_key_only_correctly_signed_posts_are_accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        await using var host = await CycleTestHost.StartAsync(Now, loop: false, new Dictionary<string, string?> { ["BounceWebhook:VerificationKey"] = publicKey });
        var directory = host.Server.Get<JobcentreRepository>();
        var email = (await directory.GetAsync(151))!.Jobcentre.ChiefEmail;
        var body = Events(email);
        const string timestamp = "1800000200";

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, body.Replace("user unknown", "user UNKNOWN", StringComparison.Ordinal), Sign(key, timestamp, body), timestamp)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, body, Sign(key, timestamp, body), "1800000201")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, body, "not base64!", timestamp)).StatusCode);
        Assert.Null((await directory.GetAsync(151))!.Jobcentre.Bounce);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, body, Sign(key, timestamp, body), timestamp)).StatusCode);
        Assert.True((await directory.GetAsync(151))!.Jobcentre.IsMailBlocked);
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_a_danish_message_and_records_nothing()
    {
        await using var host = await CycleTestHost.StartAsync(Now, loop: false);

        var response = await PostAsync(host, "{\"event\":\"bounce\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON-liste", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await host.Server.Get<JobcentreRepository>().ListAsync(), j => j.Bounce is not null);
    }

    [Fact]
    public void An_invalid_verification_key_is_refused_at_start_in_danish()
    {
        var options = new BounceWebhookOptions { VerificationKey = "bm90IGEga2V5" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, true));
        Assert.Contains("ECDSA P-256", results.Single().ErrorMessage, StringComparison.Ordinal);
    }
}
