using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Survey;

/// <summary>
/// The real local host with the file outbox, a fixed link signing key and a fake clock, plus an open 2027
/// cycle (deadline fredag 26. februar 2027 kl. 23.59) and its catalogue snapshot, created through the
/// repositories as the cycle feature would. Tests use different jobcentres so they do not meet.
/// </summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "An xunit fixture: the public test classes take it in their constructors.")]
public sealed partial class SurveyFixture : IAsyncLifetime
{
    public const int Year = 2027;

    /// <summary>A fixed test key (not a secret: it only signs links in throw-away test storage).</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static readonly DateTimeOffset OpensAt = new(2027, 1, 11, 8, 0, 0, TimeSpan.Zero);

    /// <summary>23.59 in Copenhagen (UTC+1 in February).</summary>
    public static readonly DateTimeOffset Deadline = new(2027, 2, 26, 22, 59, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));

    internal TestDevServer Server { get; private set; } = null!;

    public Shared.Domain.Catalogue Catalogue { get; } = CatalogueFile.LoadBuiltIn(Year);

    public async Task InitializeAsync()
    {
        Server = await TestDevServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Mail:Provider"] = "Outbox",
                ["Survey:LinkSigningKey"] = SigningKey,
                ["Mail:SecretariatContact"] = "KKR Hovedstadens sekretariat, sekretariat@kkr-test.example",
            },
            services => services.AddSingleton<TimeProvider>(Clock));
        await CreateCycleAsync(Server.Services, Year, CycleState.Open);
    }

    public static async Task CreateCycleAsync(IServiceProvider services, int year, CycleState state)
    {
        var catalogue = CatalogueFile.LoadBuiltIn(2015).ForYear(year);
        await services.GetRequiredService<CatalogueRepository>().SaveIfMissingAsync(catalogue);
        await services.GetRequiredService<CycleRepository>().CreateAsync(new FollowUpCycle(
            year, year, OpensAt.AddYears(year - Year), Deadline.AddYears(year - Year), ReminderPlan.Default, false, state, null, null, ""));
    }

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    public T Get<T>() where T : notnull => Server.Get<T>();

    /// <summary>Sends the invitation through <see cref="ISurveyMailer"/> and returns the link read from the outbox.</summary>
    public async Task<string> InviteAsync(int code)
    {
        var entry = await Get<ISurveyMailer>().SendInvitationAsync(Year, code, CancellationToken.None);
        Assert.Equal(SendStatus.Sent, entry.Status);
        return LinkInLatestMail(code);
    }

    public OutboxMail LatestMail(int code) =>
        Get<OutboxStore>().List().First(m => m.Tags.TryGetValue("jobcentre", out var c) && c == code.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string LinkInLatestMail(int code) => LinkPattern().Match(LatestMail(code).Text).Value;

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.BaseUrl) };

    /// <summary>The form fields a browser would post from <paramref name="html"/>: hidden fields, empty remarks, no colours.</summary>
    public List<KeyValuePair<string, string>> BlankPost(string html, string action)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("version", Hidden(html, "version")),
            new("indsendelse", Hidden(html, "indsendelse")),
            new("handling", action),
        };
        fields.AddRange(Catalogue.AllRecommendations.Select(r => new KeyValuePair<string, string>("bem-" + r.Id, "")));
        return fields;
    }

    /// <summary>A complete, valid submit: every recommendation Grøn with a remark.</summary>
    public List<KeyValuePair<string, string>> CompletePost(string html, string remarkPrefix = "Godt på vej")
    {
        var fields = BlankPost(html, "indsend").Where(f => !f.Key.StartsWith("bem-", StringComparison.Ordinal)).ToList();
        foreach (var r in Catalogue.AllRecommendations)
        {
            fields.Add(new("farve-" + r.Id, "groen"));
            fields.Add(new("bem-" + r.Id, $"{remarkPrefix} ({r.Id})"));
        }

        return fields;
    }

    public static string Hidden(string html, string name)
    {
        var m = Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"");
        Assert.True(m.Success, $"Hidden field {name} not found");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, string value) =>
        [.. fields.Where(f => f.Key != name), new(name, value)];

    [GeneratedRegex(@"https?://\S+/skema/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
