using System.Globalization;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The mails after a closed cycle, each through <see cref="MailDispatcher.SendOnceAsync"/> so that a retried
/// or replayed step never sends twice: "bilag-ready" to the secretariat with where to fetch the final bilag,
/// and "own-form" to each chief with the municipality's own fremdriftsskema attached. A chief is skipped, with
/// the reason in the send log, when the address is missing or has bounced, or when the jobcentre did not
/// answer (a blank form helps no kommunalbestyrelse; the secretariat can still download it from its page).
/// </summary>
internal sealed class DocumentMailer(
    MailDispatcher dispatcher,
    CycleDocuments documents,
    CycleRepository cycles,
    JobcentreRepository directory,
    ResponseRepository responses,
    MailTextRepository texts,
    IOptions<MailOptions> mailOptions,
    ISurveyPublicUrl publicUrl) : IDocumentMailer
{
    public const string BilagReadyStep = "bilag-ready";
    public const string OwnFormStep = "own-form";
    public const int SecretariatCode = 0;

    public async Task<SendLogEntry> NotifySecretariatAsync(int year, CancellationToken cancellationToken)
    {
        // Outside the plan: building can fail (storage down, cycle not closed) and must not leave a claimed step behind.
        var bilag = await documents.EnsureFinalBilagAsync(year, cancellationToken);
        return await dispatcher.SendOnceAsync(year, SecretariatCode, BilagReadyStep, async ct =>
        {
            var mail = mailOptions.Value;
            if (string.IsNullOrWhiteSpace(mail.SecretariatEmail))
            {
                return new MailPlan.Skip("Der er ingen sekretariatsadresse (Mail__SecretariatEmail).");
            }

            var submitted = (await responses.ListAsync(year, ct)).Count(r => r.IsSubmitted);
            var total = (await directory.ListAsync(ct)).Count(j => j.Active);
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["år"] = year.ToString(CultureInfo.InvariantCulture),
                ["dannet"] = DanishDates.DateAndTime(bilag.CreatedAt),
                ["svarprocent"] = DocumentText.ResponseRate(submitted, total),
                ["filnavn"] = bilag.FileName,
            };
            var text = await texts.TextAsync(year, MailTextKinds.BilagReady, ct);
            var rendered = MailTemplate.Render(MailTextKinds.BilagReady, text, new MailTextValues(values, PageUrl(year), []));
            var message = MailMessage.Create(mail.SecretariatEmail, mail.FromName, rendered.Subject, MailTextMails.Html(rendered), rendered.ToPlainText()) with
            {
                Tags = new Dictionary<string, string> { ["year"] = year.ToString(CultureInfo.InvariantCulture), ["step"] = BilagReadyStep },
            };
            return new MailPlan.Send(message);
        }, cancellationToken);
    }

    public Task<SendLogEntry> SendMunicipalityFormAsync(int year, int municipalityCode, CancellationToken cancellationToken) =>
        dispatcher.SendOnceAsync(year, municipalityCode, OwnFormStep, async ct =>
        {
            var jobcentre = (await directory.GetAsync(municipalityCode, ct))?.Jobcentre;
            if (jobcentre is null)
            {
                return new MailPlan.Skip($"Der er ikke noget jobcenter med kommunenummer {municipalityCode}.");
            }

            if (!jobcentre.HasAddress)
            {
                return new MailPlan.Skip("Jobcenterchefen har ingen e-mailadresse.");
            }

            if (jobcentre.IsMailBlocked)
            {
                return new MailPlan.Skip($"Adressen {jobcentre.ChiefEmail} er afvist ({jobcentre.Bounce!.Event}); ret adressen, så kan skemaet sendes igen.");
            }

            var response = await responses.GetAsync(year, municipalityCode, ct);
            if (response is null || !response.IsSubmitted)
            {
                return new MailPlan.Skip("Har ikke svaret.");
            }

            var form = await CurrentFormAsync(year, jobcentre, ct);
            var content = await documents.ReadAsync(form.BlobName, ct)
                ?? throw new InvalidOperationException($"The form {form.BlobName} was stored but cannot be read.");
            var values = MailTextMails.ChiefValues(jobcentre, year, mailOptions.Value.SecretariatContact);
            var text = await texts.TextAsync(year, MailTextKinds.OwnForm, ct);
            var rendered = MailTemplate.Render(MailTextKinds.OwnForm, text, new MailTextValues(values, null, []));
            var message = MailMessage.Create(jobcentre.ChiefEmail, jobcentre.ChiefName, rendered.Subject, MailTextMails.Html(rendered), rendered.ToPlainText()) with
            {
                Attachments = [new MailAttachment(form.FileName, form.ContentType, content)],
                Tags = new Dictionary<string, string> { ["year"] = year.ToString(CultureInfo.InvariantCulture), ["step"] = OwnFormStep },
            };
            return new MailPlan.Send(message);
        }, cancellationToken);

    /// <summary>
    /// The form built after the cycle closed (answers cannot change any more), so that a deferred send that is
    /// retried attaches the same version instead of adding a new one each time.
    /// </summary>
    private async Task<StoredDocument> CurrentFormAsync(int year, Jobcentre jobcentre, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        var latest = await documents.LatestAsync(DocumentName.First(year, DocumentKind.MunicipalityForm, jobcentre.MunicipalityCode, jobcentre.Municipality), ct);
        if (latest is not null && cycle?.ClosedAt is { } closedAt && latest.CreatedAt >= closedAt)
        {
            return latest;
        }

        return await documents.BuildAsync(year, DocumentKind.MunicipalityForm, jobcentre.MunicipalityCode, ct);
    }

    private string PageUrl(int year)
    {
        // Built on the same public address as the chiefs' links, so one setting decides every link in every mail.
        return publicUrl.BaseUrl + SecretariatPaths.Documents + "?aar=" + year.ToString(CultureInfo.InvariantCulture);
    }
}
