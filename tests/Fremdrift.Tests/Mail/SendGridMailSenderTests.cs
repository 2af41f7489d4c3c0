using System.Text.Json;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Mail;

/// <summary>The SendGrid sender through the real SDK against Prism serving SendGrid's own OpenAPI description.</summary>
public class SendGridMailSenderTests(PrismSendGridMock prism) : IClassFixture<PrismSendGridMock>
{
    private static readonly Jobcentre Albertslund = new(165, "Albertslund", "Jobcenter Albertslund", "Åse Ørnsø", "chef@albertslund.example");

    private static MailMessage Invitation() => SurveyMailTemplates.Invitation(new SurveyMailContext(
        Albertslund, 2027, new DateTimeOffset(2027, 2, 26, 22, 59, 0, TimeSpan.Zero), "https://fremdrift.example/skema/abc", "KKR Hovedstadens sekretariat, sek@example.dk", "invitation"), Shared.MailTexts.MailTextKinds.Invitation.Default, new DateTimeOffset(2027, 1, 6, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_real_invitation_mail_is_accepted_by_SendGrids_API_description()
    {
        var sender = SendGridSenders.Create(SendGridSenders.Options(prism.Host));

        var result = await sender.SendAsync(Invitation(), CancellationToken.None);

        Assert.IsType<MailSendResult.Sent>(result);
    }

    [Fact]
    public async Task A_mail_with_an_attachment_is_accepted_too()
    {
        var sender = SendGridSenders.Create(SendGridSenders.Options(prism.Host));
        var mail = Invitation() with { Attachments = [new MailAttachment("skema-165.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [1, 2, 3])] };

        Assert.IsType<MailSendResult.Sent>(await sender.SendAsync(mail, CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_subject_is_refused_as_a_permanent_failure_naming_the_status()
    {
        var sender = SendGridSenders.Create(SendGridSenders.Options(prism.Host));

        var result = await sender.SendAsync(Invitation() with { Subject = "" }, CancellationToken.None);

        var permanent = Assert.IsType<MailSendResult.Permanent>(result);
        Assert.Contains("status 400", permanent.Reason, StringComparison.Ordinal);
        // Prism answers with the description's 400 example; the same mail with a subject is accepted (test above).
        Assert.Contains("errors", permanent.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sent_json_has_click_tracking_off_both_bodies_and_the_tags()
    {
        var options = SendGridSenders.Options("http://unused");
        var json = SendGridMailSender.ToSendGrid(Invitation(), options).Serialize();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.False(root.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        var types = root.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["text/plain", "text/html"], types);
        Assert.Equal("invitation", root.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("step").GetString());
        Assert.Equal("chef@albertslund.example", root.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Throttling_and_server_errors_are_transient(int status)
    {
        await using var fake = new ScriptedSendGrid(status);
        var sender = SendGridSenders.Create(SendGridSenders.Options(fake.Host));

        var result = await sender.SendAsync(Invitation(), CancellationToken.None);

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<MailSendResult.Transient>(result).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(413)]
    public async Task Client_errors_are_permanent_with_status_and_body_excerpt(int status)
    {
        await using var fake = new ScriptedSendGrid(status);
        var sender = SendGridSenders.Create(SendGridSenders.Options(fake.Host));

        var result = await sender.SendAsync(Invitation(), CancellationToken.None);

        var reason = Assert.IsType<MailSendResult.Permanent>(result).Reason;
        Assert.Contains($"status {status}", reason, StringComparison.Ordinal);
        Assert.Contains("scripted", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_error_is_transient()
    {
        using var nothingListens = Infrastructure.LoopbackPorts.Refusing(out var port);
        var sender = SendGridSenders.Create(SendGridSenders.Options($"http://127.0.0.1:{port}"));

        var result = await sender.SendAsync(Invitation(), CancellationToken.None);

        Assert.IsType<MailSendResult.Transient>(result);
    }

    [Fact]
    public async Task A_2xx_answer_carries_SendGrids_message_id()
    {
        await using var fake = new ScriptedSendGrid(202);
        var sender = SendGridSenders.Create(SendGridSenders.Options(fake.Host));

        var sent = Assert.IsType<MailSendResult.Sent>(await sender.SendAsync(Invitation(), CancellationToken.None));

        Assert.Equal("msg-1", sent.MessageId);
    }
}
