using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Secretariat.Commands.CommandText;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// "nyt-link": issues a jobcentre a new personal link and mails it; the old link stops working at once, and what the
/// jobcentre saved or submitted is kept.
/// </summary>
internal sealed class NewLink(JobcentreRepository directory, ISurveyMailer mailer, AuditLogRepository audit, TimeProvider time) : IConfirmedSecretariatCommand
{
    private const string UnknownJobcentre = "Ukendt jobcenter.";

    public string Name => "nyt-link";

    public bool AllowedWhilePlanned => false;

    public async Task<ConfirmationStep> DescribeAsync(int year, CycleSnapshot snapshot, FormFields form, CancellationToken ct)
    {
        var codeText = form.One("kommune") ?? "";
        if (Code(codeText) is not { } code || await directory.GetAsync(code, ct) is not { } stored)
        {
            return ConfirmationStep.Refuse(UnknownJobcentre);
        }

        var fields = YearField(year);
        fields.Add(new("kommune", codeText));
        var j = stored.Jobcentre;
        return ConfirmationStep.Show(new($"Nyt link til {j.Name}?",
            [
                $"Et nyt personligt link udstedes og sendes til {j.ChiefName} <{j.ChiefEmail}>. Det nuværende link holder op med at virke med det samme – også hvis nogen har det åbent.",
                "Det, jobcentret har gemt eller indsendt, bevares.",
            ],
            [], Name, fields, $"Ja, udsted nyt link til {j.Name}"));
    }

    public async Task<CommandOutcome> RunAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (Code(form.One("kommune")) is not { } code || await directory.GetAsync(code, ct) is not { } stored)
        {
            return CommandOutcome.Refused(year, UnknownJobcentre);
        }

        var entry = await mailer.IssueAndSendNewLinkAsync(year, code, actor, ct);
        var message = entry.Status == SendStatus.Sent
            ? $"Nyt link udstedt og sendt til {stored.Jobcentre.Name} ({entry.To}). Det gamle link virker ikke længere."
            : $"Nyt link til {stored.Jobcentre.Name}: {SecretariatPage.StatusText(entry.Status)} – {entry.Reason}";
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Udstedte nyt link", message), ct);
        return new(year, entry.Status is SendStatus.Sent or SendStatus.Deferred ? 200 : 400, message);
    }
}
