using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;

namespace Fremdrift.Tests.Bilag;

public class DocumentMailerTests
{
    [Fact]
    public async Task Secretariat_is_told_once_where_to_fetch_the_final_bilag()
    {
        var world = await DocumentsWorld.CreateAsync();
        var sender = new RecordingMailSender();
        var mailer = world.Mailer(sender);

        var first = await mailer.NotifySecretariatAsync(2027, default);
        var second = await mailer.NotifySecretariatAsync(2027, default);

        var mail = Assert.Single(sender.Sent);
        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal(SendStatus.Sent, second.Status);
        Assert.Equal(0, first.MunicipalityCode);
        Assert.Equal("bilag-ready", first.Step);
        Assert.Equal("sekretariat@kkr-hovedstaden.example", mail.ToEmail);
        Assert.Equal("Bilaget for 2027 er klar", mail.Subject);
        Assert.Contains("https://fremdrift.example/api/sekretariat/dokumenter?aar=2027", mail.TextBody);
        Assert.Contains("href=\"https://fremdrift.example/api/sekretariat/dokumenter?aar=2027\"", mail.HtmlBody);
        Assert.Contains("27 af 29 jobcentre har svaret", mail.TextBody);
        Assert.Contains("Bilag status for anbefalinger 2027 v1.docx", mail.TextBody);
        Assert.Single(await world.Documents.ListAsync(2027, default), d => d.Kind == DocumentKind.Bilag);
    }

    [Fact]
    public async Task Secretariat_mail_is_not_claimed_while_the_cycle_is_open()
    {
        var world = await DocumentsWorld.CreateAsync(CycleState.Open);
        var sender = new RecordingMailSender();

        await Assert.ThrowsAsync<DocumentBuildException>(() => world.Mailer(sender).NotifySecretariatAsync(2027, default));

        Assert.Empty(sender.Sent);
        Assert.Null(await world.SendLog.GetAsync(2027, 0, "bilag-ready"));
    }

    [Fact]
    public async Task A_chief_who_answered_gets_the_own_form_attached_once()
    {
        var world = await DocumentsWorld.CreateAsync();
        var sender = new RecordingMailSender();
        var mailer = world.Mailer(sender);

        var entry = await mailer.SendMunicipalityFormAsync(2027, 169, default);
        await mailer.SendMunicipalityFormAsync(2027, 169, default);

        var mail = Assert.Single(sender.Sent);
        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.Equal("jobcenterchef@hoeje-taastrup.example", mail.ToEmail);
        Assert.Equal("Jeres fremdriftsskema for 2027 – Høje-Taastrup Kommune", mail.Subject);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("Fremdriftsskema 2027 Høje-Taastrup v1.docx", attachment.FileName);
        Assert.Equal(DocumentName.DocxContentType, attachment.ContentType);
        using var docx = new DocxReader(attachment.Content);
        Assert.Contains(BilagTestData.Remark(169, "V1"), DocxReader.Text(docx.Body));
    }

    [Fact]
    public async Task Chiefs_without_an_answer_address_or_with_a_bounced_address_are_skipped_with_a_reason()
    {
        var world = await DocumentsWorld.CreateAsync();
        var sender = new RecordingMailSender();
        var mailer = world.Mailer(sender);
        var glostrup = (await world.Directory.GetAsync(161))!;
        await world.Directory.UpdateAsync(glostrup.Jobcentre with { ChiefEmail = "" }, glostrup.Version);
        var herlev = (await world.Directory.GetAsync(163))!;
        await world.Directory.UpdateAsync(
            herlev.Jobcentre with { Bounce = new MailBounce(herlev.Jobcentre.ChiefEmail, "bounce", "550 ukendt modtager", world.Time.GetUtcNow()) },
            herlev.Version);

        var notAnswered = await mailer.SendMunicipalityFormAsync(2027, 400, default);
        var draftOnly = await mailer.SendMunicipalityFormAsync(2027, 155, default);
        var noAddress = await mailer.SendMunicipalityFormAsync(2027, 161, default);
        var bounced = await mailer.SendMunicipalityFormAsync(2027, 163, default);
        var unknown = await mailer.SendMunicipalityFormAsync(2027, 998, default);

        Assert.Empty(sender.Sent);
        Assert.All(new[] { notAnswered, draftOnly, noAddress, bounced, unknown }, e => Assert.Equal(SendStatus.Skipped, e.Status));
        Assert.Equal("Har ikke svaret.", notAnswered.Reason);
        Assert.Equal("Har ikke svaret.", draftOnly.Reason);
        Assert.Equal("Jobcenterchefen har ingen e-mailadresse.", noAddress.Reason);
        Assert.Equal("Adressen jobcenterchef@herlev.example er afvist (bounce); ret adressen, så kan skemaet sendes igen.", bounced.Reason);
        Assert.Equal("Der er ikke noget jobcenter med kommunenummer 998.", unknown.Reason);
        Assert.Equal("Har ikke svaret.", (await world.SendLog.GetAsync(2027, 400, "own-form"))!.Reason);
    }

    [Fact]
    public async Task A_deferred_own_form_mail_is_retried_with_the_same_document_version()
    {
        var world = await DocumentsWorld.CreateAsync();
        var sender = new RecordingMailSender().ThenAnswer(new MailSendResult.Transient("429"));
        var mailer = world.Mailer(sender);

        var deferred = await mailer.SendMunicipalityFormAsync(2027, 101, default);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        var sent = await mailer.SendMunicipalityFormAsync(2027, 101, default);

        Assert.Equal(SendStatus.Deferred, deferred.Status);
        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(2, sender.Sent.Count);
        Assert.All(sender.Sent, m => Assert.Equal("Fremdriftsskema 2027 København v1.docx", m.Attachments[0].FileName));
        Assert.Single(await world.Documents.ListAsync(2027, default));
    }
}
