using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Azurite;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Figures for the survey feature (see README, Benchmarks): the form page's weight and the local host's time for
/// the form page, a complete submit (with the cycle's loop running, as the shipped local host does, so the submit's
/// signal to the loop is in the figure) and a static file, against an embedded Azurite. Times are measured on the
/// client over loopback, so they are server time plus a loopback round trip (the static file shows that floor).
/// </summary>
internal static partial class SurveyBenchmark
{
    private const int Requests = 200;
    private const int Warmup = 20;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync(null, TimeSpan.FromSeconds(120));
        var dataFolder = Path.Combine(Path.GetTempPath(), "fremdrift-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var app = await DevServerApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["DevServer:EmbeddedAzurite"] = "false",
                ["DevServer:DataFolder"] = dataFolder,
                ["DevServer:SecretariatPassword"] = "benchmark",
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:TablePrefix"] = prefix,
                ["Mail:Provider"] = "Outbox",
                ["Logging:LogLevel:Default"] = "Warning",
                // As the shipped local host runs (scripts/run.sh): with the cycle's loop, so a submit's signal and the turn
                // it wakes are part of what is measured.
                ["DevServer:CycleLoop"] = "true",
            });
        });
        await app.StartAsync();
        try
        {
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var link = await InviteAsync(app.Services);
            using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };

            var form = await client.GetStringAsync(new Uri(link));
            var bytes = System.Text.Encoding.UTF8.GetByteCount(form);
            var external = ExternalReference().Count(form);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  form page, 16 recommendations: {bytes:N0} bytes ({bytes / 1024.0:F1} KB; target < 30 KB), references to other hosts: {external}"));

            Print("GET /skema/{token} (form)", await MeasureRequestAsync(async () => (await client.GetAsync(new Uri(link))).EnsureSuccessStatusCode()));
            var catalogue = CatalogueFile.LoadBuiltIn(2015);
            Print("POST /skema/{token} (submit)", await MeasureAsync(async () =>
            {
                var page = await client.GetStringAsync(new Uri(link));
                var started = Stopwatch.GetTimestamp();
                (await client.PostAsync(new Uri(link), new FormUrlEncodedContent(Submit(page, catalogue)))).EnsureSuccessStatusCode();
                return Stopwatch.GetElapsedTime(started);
            }));
            Print("GET /robots.txt (static)", await MeasureRequestAsync(async () => (await client.GetAsync(new Uri("/robots.txt", UriKind.Relative))).EnsureSuccessStatusCode()));
            await FormStorageBenchmark.RunAsync(app.Services, baseUrl, link, DateTimeOffset.UtcNow.Year + 1, prefix, catalogue);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static async Task<string> InviteAsync(IServiceProvider services)
    {
        var now = DateTimeOffset.UtcNow;
        var year = now.Year + 1;
        await services.GetRequiredService<CatalogueRepository>().SaveIfMissingAsync(CatalogueFile.LoadBuiltIn(2015).ForYear(year));
        var cycles = services.GetRequiredService<CycleRepository>();
        var open = new FollowUpCycle(year, year, now.AddDays(-1), now.AddDays(30), ReminderPlan.Default, false, CycleState.Open, null, null, "");
        try
        {
            await cycles.CreateAsync(open);
        }
        catch (ConcurrencyConflictException)
        {
            // The host's own cycle timer planned the year first: open it as the benchmark needs it.
            var planned = (await cycles.GetAsync(year))!;
            await cycles.UpdateAsync(planned with { CatalogueYear = year, OpensAt = open.OpensAt, Deadline = open.Deadline, CloseEarlyWhenAllSubmitted = false, State = CycleState.Open });
        }

        var entry = await services.GetRequiredService<ISurveyMailer>().SendInvitationAsync(year, 101, CancellationToken.None);
        if (entry.Status != SendStatus.Sent)
        {
            throw new InvalidOperationException($"Invitation not sent: {entry.Reason}");
        }

        var mail = services.GetRequiredService<OutboxStore>().List().First(m => m.Tags.TryGetValue("jobcentre", out var c) && c == "101" && m.Tags.GetValueOrDefault("step") == "invitation");
        return LinkPattern().Match(mail.Text).Value;
    }

    private static List<KeyValuePair<string, string>> Submit(string page, Shared.Domain.Catalogue catalogue) =>
        FormPosts.SubmitAllGul(page, catalogue, "Arbejdet er i gang i samarbejde med nabokommunerne; næste skridt er en fælles aftale om økonomi og mål.");

    private static async Task<List<TimeSpan>> MeasureRequestAsync(Func<Task<HttpResponseMessage>> request) =>
        await MeasureAsync(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await request();
            return Stopwatch.GetElapsedTime(started);
        });

    private static async Task<List<TimeSpan>> MeasureAsync(Func<Task<TimeSpan>> timed)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await timed();
        }

        var times = new List<TimeSpan>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            times.Add(await timed());
        }

        return times;
    }

    private static void Print(string what, List<TimeSpan> times)
    {
        var ms = times.Select(t => t.TotalMilliseconds).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-30} n={ms.Count}  median {ms[ms.Count / 2]:F2} ms  p95 {ms[(int)(ms.Count * 0.95)]:F2} ms  max {ms[^1]:F2} ms"));
    }

    [GeneratedRegex(@"(?:src|href|action)=""(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"https?://\S+/skema/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
