using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// A cycle on real Azurite (own tables and container): the 2027 catalogue, the 29 jobcentres, submitted answers
/// from most of them (the same rule as <see cref="BilagTestData"/>), 2026 answers for comparison, and the real
/// <see cref="CycleDocuments"/> on a fake clock.
/// </summary>
internal sealed class DocumentsWorld
{
    public const int Year = BilagTestData.Year;
    public static readonly DateTimeOffset Deadline = new(2027, 2, 14, 22, 59, 0, TimeSpan.Zero);

    private DocumentsWorld(StorageClients clients, FakeTimeProvider time)
    {
        Clients = clients;
        Time = time;
        Cycles = new CycleRepository(clients);
        Catalogues = new CatalogueRepository(clients);
        Directory = new JobcentreRepository(clients);
        Responses = new ResponseRepository(clients);
        SendLog = new SendLogRepository(clients);
        Documents = new CycleDocuments(clients, Cycles, Catalogues, Directory, Responses, time, NullLogger<CycleDocuments>.Instance);
    }

    public StorageClients Clients { get; }
    public FakeTimeProvider Time { get; }
    public CycleRepository Cycles { get; }
    public CatalogueRepository Catalogues { get; }
    public JobcentreRepository Directory { get; }
    public ResponseRepository Responses { get; }
    public SendLogRepository SendLog { get; }
    public CycleDocuments Documents { get; }

    /// <summary>Submitted answers for every municipality except <paramref name="notAnswering"/>; 155 (Dragør) has a draft only.</summary>
    public static async Task<DocumentsWorld> CreateAsync(CycleState state = CycleState.Closed, int[]? notAnswering = null, StorageClients? clients = null)
    {
        var world = new DocumentsWorld(clients ?? await TestAzurite.FreshClientsAsync(), new FakeTimeProvider(Deadline.AddHours(2)));
        notAnswering ??= BilagTestData.Missing;
        await world.Catalogues.SaveIfMissingAsync(CatalogueFile.LoadBuiltIn(Year));
        await world.Directory.SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory());
        await world.Cycles.CreateAsync(new FollowUpCycle(
            Year, Year, Deadline.AddDays(-30), Deadline, ReminderPlan.Default, false, state,
            state == CycleState.Closed ? Deadline : null, state == CycleState.Closed ? "Svarfristen er udløbet." : null, ""));

        var input = BilagTestData.Input();
        foreach (var submission in input.ThisYear.Where(s => !notAnswering.Contains(s.MunicipalityCode)))
        {
            await world.Responses.SaveAsync(null, SurveyResponse.New(Year, submission.MunicipalityCode) with
            {
                State = ResponseState.Submitted,
                Draft = submission.Answers,
                Submitted = submission.Answers,
                SubmittedAt = submission.SubmittedAt,
                SubmittedBy = submission.SubmittedBy,
            });
        }

        // Dragør started but never submitted: its draft must not show anywhere.
        await world.Responses.SaveAsync(null, SurveyResponse.New(Year, 155) with
        {
            State = ResponseState.Draft,
            Draft = [new Answer("V1", Rating.Roed, "KLADDE må ikke ses")],
        });

        foreach (var submission in input.LastYear.Where(s => s.Answers.Count > 0).Take(5))
        {
            await world.Responses.SaveAsync(null, SurveyResponse.New(Year - 1, submission.MunicipalityCode) with
            {
                State = ResponseState.Submitted,
                Submitted = submission.Answers,
                SubmittedAt = submission.SubmittedAt,
            });
        }

        return world;
    }

    public async Task CloseAsync()
    {
        var cycle = (await Cycles.GetAsync(Year))!;
        await Cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = Time.GetUtcNow(), ClosedReason = "Lukket i test." });
    }

    public DocumentMailer Mailer(IMailSender sender, MailOptions? mail = null, string publicBaseUrl = "https://fremdrift.example/api")
    {
        var options = Options.Create(mail ?? new MailOptions { RetryAttempts = 1, RetryDelay = TimeSpan.Zero });
        var dispatcher = new MailDispatcher(sender, SendLog, Time, options, NullLogger<MailDispatcher>.Instance);
        return new DocumentMailer(dispatcher, Documents, Cycles, Directory, Responses, new MailTextRepository(Clients), options, new FixedPublicUrl(publicBaseUrl));
    }
}

/// <summary>Stands in for SendGrid at the process boundary: records every message and answers as told.</summary>
internal sealed class RecordingMailSender : IMailSender
{
    private readonly Queue<MailSendResult> _answers = new();

    public List<MailMessage> Sent { get; } = [];

    public RecordingMailSender ThenAnswer(MailSendResult result)
    {
        _answers.Enqueue(result);
        return this;
    }

    public Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add(message);
        }

        return Task.FromResult(_answers.Count > 0 ? _answers.Dequeue() : new MailSendResult.Sent("msg-" + Sent.Count));
    }
}

/// <summary>A public address as configured in Azure (Survey:PublicBaseUrl).</summary>
internal sealed record FixedPublicUrl(string BaseUrl) : Fremdrift.Shared.Survey.ISurveyPublicUrl;
