using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Benchmarks;

/// <summary>
/// The SendGrid event webhook on the local host: a post of 3,000 events (the size SendGrid batches up to), most of
/// them deliveries and opens, one bounce per jobcentre address. The first post records the bounces; the repeats are
/// redeliveries, which change nothing. The baseline, interleaved with the posts, is the storage the handler reads
/// per post done raw on a TableClient (the directory and the events already handled).
/// </summary>
internal static class WebhookBenchmark
{
    private const int Events = 3000;
    private const int Rounds = 30;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync(null, TimeSpan.FromSeconds(120));
        var dataFolder = Path.Combine(Path.GetTempPath(), "fremdrift-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var prefix = "hook" + Guid.NewGuid().ToString("N")[..8];
        var app = await DevServerApp.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DevServer:EmbeddedAzurite"] = "false",
            ["DevServer:DataFolder"] = dataFolder,
            ["DevServer:SecretariatPassword"] = "benchmark",
            ["DevServer:CycleLoop"] = "true",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Mail:Provider"] = "Outbox",
            ["BounceWebhook:AllowUnsigned"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        try
        {
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var directory = await app.Services.GetRequiredService<JobcentreRepository>().ListAsync();
            var body = Body(directory.Select(j => j.ChiefEmail).Where(e => e.Length > 0).ToList());
            using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
            var clients = app.Services.GetRequiredService<StorageClients>();

            var first = await TimeOnceAsync(() => PostAsync(client, body));
            var (posts, raw) = (new List<double>(), new List<double>());
            for (var i = -3; i < Rounds; i++)
            {
                var p = await TimeOnceAsync(() => PostAsync(client, body));
                var r = await TimeOnceAsync(async () =>
                {
                    await Task.WhenAll(DrainAsync(clients.Table("Jobcentres")), DrainAsync(clients.Table("WebhookEvents")));
                });
                if (i >= 0)
                {
                    posts.Add(p);
                    raw.Add(r);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  POST /webhooks/sendgrid, {Events:N0} events ({Encoding.UTF8.GetByteCount(body) / 1024} KB, {directory.Count} bounces): first {first:F0} ms (records the bounces); redelivered median {Median(posts):F0} ms, p95 {Percentile(posts, 0.95):F0} ms (n={posts.Count})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    baseline, interleaved: the reads a post makes, raw (directory ‖ handled events) median {Median(raw):F1} ms; post ÷ reads {Median(posts) / Median(raw):F1}"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static string Body(List<string> addresses)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var events = new List<string>(Events);
        for (var i = 0; i < Events; i++)
        {
            events.Add(i < addresses.Count
                ? $$"""{"email":"{{addresses[i]}}","timestamp":{{now - 60}},"event":"bounce","type":"bounce","reason":"550 5.1.1 user unknown","sg_event_id":"b{{i}}"}"""
                : $$"""{"email":"modtager{{i}}@kommune.example","timestamp":{{now - 60}},"event":"{{(i % 2 == 0 ? "delivered" : "open")}}","sg_event_id":"e{{i}}"}""");
        }

        return "[" + string.Join(",", events) + "]";
    }

    private static async Task PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        (await client.PostAsync(new Uri("/webhooks/sendgrid", UriKind.Relative), content)).EnsureSuccessStatusCode();
    }

    private static async Task DrainAsync(TableClient table)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>())
        {
        }
    }

    private static async Task<double> TimeOnceAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }
}
