using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Site;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Readiness;

/// <summary>
/// The readiness check on a fresh set of Azurite tables with the built-in directory, the real SendGrid probe and
/// sender against <see cref="SendGridScopesFake"/>, and a fake clock; each setting can be broken on its own.
/// </summary>
internal sealed class ReadinessWorld : IAsyncDisposable
{
    public const string Key = "SG.readiness-test-key";
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly DateTimeOffset Opens2028 = CycleSchedule.DefaultOpensAt(2028, new CycleOptions());

    private ReadinessWorld(StorageClients clients, SendGridScopesFake sendGrid, FakeTimeProvider clock)
    {
        Clients = clients;
        SendGrid = sendGrid;
        Clock = clock;
    }

    public StorageClients Clients { get; }

    public SendGridScopesFake SendGrid { get; }

    public FakeTimeProvider Clock { get; }

    public MailOptions Mail { get; set; } = new();

    public SurveyOptions Survey { get; set; } = new() { LinkSigningKey = SigningKey, PublicBaseUrl = "https://fremdrift.example" };

    public CycleOptions Cycle { get; set; } = new();

    public SiteOptions Site { get; set; } = new() { AccessibilityStatementUrl = "https://was.digst.dk/fremdrift", PrivacyNoticeUrl = "https://kkr.example/privatliv" };

    public JobcentreRepository Directory => new(Clients);

    public SendLogRepository SendLog => new(Clients);

    /// <summary>A world 20 days before the 2028 opening (after the 2027 deadline, so the timer plans 2028).</summary>
    public static async Task<ReadinessWorld> CreateAsync(StorageClients? clients = null, string acceptedKey = Key, DateTimeOffset? start = null)
    {
        var storage = clients ?? await TestAzurite.FreshClientsAsync();
        if (clients is null)
        {
            await new JobcentreRepository(storage).SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory());
        }

        var world = new ReadinessWorld(storage, new SendGridScopesFake(acceptedKey), new FakeTimeProvider(start ?? Opens2028.AddDays(-20)));
        world.Mail = new MailOptions
        {
            Provider = "SendGrid",
            SendGridApiKey = Key,
            SendGridHost = world.SendGrid.Host,
            RetryAttempts = 1,
            RetryDelay = TimeSpan.Zero,
            SecretariatEmail = "sekretariat@kkr.example",
        };
        return world;
    }

    public ReadinessChecker Checker()
    {
        var mail = Options.Create(Mail);
        var http = new ServiceCollection().AddSingleton(mail).AddSendGridHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var cycles = new CycleRepository(Clients);
        return new ReadinessChecker(
            new CatalogueRecommendationsCheck(new YearCatalogues(new YearCatalogueRepository(Clients), new CatalogueRepository(Clients), cycles, Options.Create(Cycle), NullLogger<YearCatalogues>.Instance)),
            Directory,
            cycles,
            new SendGridMailProviderProbe(http, mail),
            Clients,
            Options.Create(Survey),
            Options.Create(Cycle),
            Options.Create(Site),
            Clock);
    }

    public ReadinessMailer Mailer()
    {
        var mail = Options.Create(Mail);
        var sender = new ServiceCollection().AddLogging().AddSingleton(mail).AddSendGridHttpClient().AddSingleton<SendGridMailSender>()
            .BuildServiceProvider().GetRequiredService<SendGridMailSender>();
        var dispatcher = new MailDispatcher(sender, SendLog, Clock, mail, NullLogger<MailDispatcher>.Instance);
        return new ReadinessMailer(Checker(), dispatcher, new FixedUrl(), mail, Clock, NullLogger<ReadinessMailer>.Instance);
    }

    public ValueTask DisposeAsync() => SendGrid.DisposeAsync();

    private sealed class FixedUrl : ISurveyPublicUrl
    {
        public string BaseUrl => "https://fremdrift.example";
    }
}
