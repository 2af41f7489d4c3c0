using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Azurite;
using Fremdrift.DevServer.Cycle;
using Fremdrift.DevServer.Endpoints;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Figures for the cycle feature (see README, Årshjulet → Målt):
/// (1) the demo as <c>scripts/run.sh --demo</c> runs it — the local host, the cycle loop on the accelerated
/// clock and the simulated chiefs — for 29 jobcentres from before the opening to the closed cycle with its bilag
/// and mails, against an Azurite of its own: wall time (target under 30 s), loop turns, table requests;
/// (2) the same host on a clock stepped by hand, so each step's storage work stands alone: table requests per
/// submit (the chief's POST, and the loop turn it wakes), per idle turn, per reminder, for opening and closing.
/// Table operations are counted as the HTTP requests the Azure SDK sends to Azurite's table port (Azure.Core's
/// "Request" event, one per attempt, so retries count; a transaction batch is one request).
/// </summary>
internal static class CycleBenchmark
{
    private const int Jobcentres = 29;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync(null);
        using var counter = new StorageRequestCounter(azurite.TablePort, azurite.BlobPort);
        using var requests = RequestActivities();
        await DemoAsync(azurite, counter, DevServerCycleOptions.DemoSpeed, $"demo speed (a day in {86400 / DevServerCycleOptions.DemoSpeed:0.0#} s)", showProgress: true);
        await SteppedAsync(azurite, counter);
        Console.WriteLine("  loop's table reads, 29 and 98 jobcentres:");
        await LoopStorageBenchmark.RunAsync();
    }

    private static async Task DemoAsync(AzuriteProcess azurite, StorageRequestCounter counter, double speed, string label, bool showProgress)
    {
        var dataFolder = NewDataFolder();
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var started = Stopwatch.GetTimestamp();
        var app = await DevServerApp.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(Settings(azurite, dataFolder, prefix, new()
        {
            ["DevServer:CycleLoop"] = "true",
            ["DevServer:Demo"] = "true",
            ["DevServer:ProgressLines"] = "false",
            ["DevServer:ClockSpeed"] = speed.ToString(CultureInfo.InvariantCulture),
            ["DevServer:DemoSeed"] = "42",
        })));
        try
        {
            var before = counter.Snapshot();
            var appStarted = Stopwatch.GetTimestamp();
            await app.StartAsync();
            var year = app.Services.GetRequiredService<CycleStarter>().YearToPlan();
            var monitor = app.Services.GetRequiredService<CycleLoopMonitor>();
            await monitor.WaitUntilFinishedAsync(year).WaitAsync(TimeSpan.FromMinutes(3));
            var cycleTime = Stopwatch.GetElapsedTime(appStarted);
            var total = Stopwatch.GetElapsedTime(started);
            var used = counter.Snapshot() - before;

            var clock = app.Services.GetRequiredService<TimeProvider>();
            var cycle = (await app.Services.GetRequiredService<CycleRepository>().GetAsync(year))!;
            var responses = await app.Services.GetRequiredService<ResponseRepository>().ListAsync(year);
            var submitted = responses.Count(r => r.IsSubmitted);
            var mails = app.Services.GetRequiredService<OutboxStore>().List();
            var documents = await app.Services.GetRequiredService<ICycleDocuments>().ListAsync(year, default);
            var progress = app.Services.GetRequiredService<CycleProgress>().Lines;
            var clockSpan = (cycle.ClosedAt ?? cycle.Deadline) - ((AcceleratedTimeProvider)clock).Start;
            // After the deadline the clock runs on while the loop closes, builds and mails: that is real work.
            var afterDeadline = TimeSpan.FromTicks((long)((clock.GetUtcNow() - cycle.Deadline).Ticks / speed));

            Console.WriteLine($"  demo, {label}, 29 jobcentres, seed 42:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    wall time {total.TotalSeconds:F1} s (host build {(total - cycleTime).TotalSeconds:F1} s + cycle {cycleTime.TotalSeconds:F1} s; target < 30 s) — of which the clock alone needs {clockSpan.TotalSeconds / speed:F1} s for {clockSpan.TotalDays:F1} days"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {cycle.State} ({cycle.ClosedReason}); close + bilag + mails done {afterDeadline.TotalSeconds:F2} s (real) after the deadline; {submitted} of 29 submitted, {progress.Count} progress lines"));
            Console.WriteLine($"    mails: {Describe(mails.GroupBy(m => StepKind(m)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
            Console.WriteLine($"    documents: {Describe(documents.GroupBy(d => d.Kind).Select(g => $"{g.Key} × {g.Count()} ({g.Sum(d => d.Size) / 1024} KB)"))}");
            var turns = Math.Max(1, (await monitor.StatusAsync(year))?.Turn ?? 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    loop turns {turns}; table requests {used.Table} ({(double)used.Table / turns:F1} per turn, simulated chiefs' writes and the Durable engine's own task hub included), blob requests {used.Blob}"));
            Console.WriteLine($"    table requests by table: {used.ByTable(prefix)}");
            if (showProgress)
            {
                Console.WriteLine("    progress lines (what scripts/run.sh --demo prints):");
                foreach (var line in progress)
                {
                    Console.WriteLine("      " + line);
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TryDelete(dataFolder);
        }
    }

    private static async Task SteppedAsync(AzuriteProcess azurite, StorageRequestCounter counter)
    {
        const int year = 2027;
        var plan = CycleSchedule.Plan(year, new CycleOptions());
        var rounds = CycleSchedule.Reminders(plan);
        var clock = new FakeTimeProvider(plan.OpensAt.AddHours(-1));
        var dataFolder = NewDataFolder();
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var app = await DevServerApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings(azurite, dataFolder, prefix, new() { ["DevServer:CycleLoop"] = "true" }));
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        try
        {
            var monitor = app.Services.GetRequiredService<CycleLoopMonitor>();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            await monitor.WaitUntilIdleAsync(year, -1).WaitAsync(TimeSpan.FromMinutes(1));
            var signals = app.Services.GetRequiredService<ICycleSignals>();
            // The fake clock moves only when the benchmark moves it; the loop hears of it by a signal.
            void MoveClock(DateTimeOffset to)
            {
                clock.SetUtcNow(to);
                signals.RaiseAsync(new CycleSignal(year, CycleSignalKind.ClockMoved, null, "benchmark"), default).GetAwaiter().GetResult();
            }

            Console.WriteLine("  stepped clock, 29 jobcentres (table requests; turns = loop turns the step took):");

            var open = await StepAsync(counter, monitor, year, () => MoveClock(plan.OpensAt));
            Print("open + 29 invitations", open, perLabel: "per invitation", per: Jobcentres);

            var idle = await StepAsync(counter, monitor, year, () => signals
                .RaiseAsync(new CycleSignal(year, CycleSignalKind.SecretariatCommand, null, "benchmark"), default).GetAwaiter().GetResult());
            Print("turn with nothing to do", idle);

            // Chiefs submit over HTTP: the POST itself, and the loop turn its signal wakes.
            clock.SetUtcNow(plan.OpensAt.AddDays(3));
            var catalogue = (await app.Services.GetRequiredService<CatalogueRepository>().GetAsync(year))!;
            var invitations = app.Services.GetRequiredService<OutboxStore>().List().Where(m => m.Tags.GetValueOrDefault("step") == MailSteps.Invitation).Take(5).ToList();
            using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
            var submits = new List<StepFigures>();
            var forms = new List<Counts>();
            foreach (var mail in invitations)
            {
                var link = OutboxEndpoints.Links(mail.Text).Single(l => l.Contains("/skema/", StringComparison.Ordinal));
                var beforeForm = counter.Snapshot();
                var page = await client.GetStringAsync(new Uri(link));
                forms.Add(counter.Snapshot() - beforeForm);
                submits.Add(await StepAsync(counter, monitor, year, () =>
                {
                    using var response = client.PostAsync(new Uri(link), new FormUrlEncodedContent(SubmitFields(page, catalogue))).GetAwaiter().GetResult();
                    response.EnsureSuccessStatusCode();
                }));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {"open the form (GET)",-34} {forms.Average(f => f.TableInRequest),6:F1} in the request"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {"submit (POST) + the turn it wakes",-34} {submits.Average(s => s.Used.TableInRequest),6:F1} in the request + {submits.Average(s => s.Used.TableInBackground),4:F1} in {submits.Average(s => s.Turns):F0} turn(s) (mean of {submits.Count})"));
            Console.WriteLine($"      by table, last submit: {submits[^1].Used.ByTable(prefix)}");

            var reminders = await StepAsync(counter, monitor, year, () => MoveClock(rounds[0].DueAt));
            Print($"reminder round 1 ({Jobcentres - submits.Count} mails)", reminders, perLabel: "per reminder", per: Jobcentres - submits.Count);

            var close = await StepAsync(counter, monitor, year, () => MoveClock(plan.Deadline));
            Print($"deadline: close, bilag, notice, {submits.Count} own forms", close);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TryDelete(dataFolder);
        }
    }

    private sealed record StepFigures(Counts Used, long Turns, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="act"/> and waits until the loop is idle again after at least one turn.</summary>
    private static async Task<StepFigures> StepAsync(StorageRequestCounter counter, CycleLoopMonitor monitor, int year, Action act)
    {
        var turns = (await monitor.StatusAsync(year))!.Turn;
        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        act();
        var after = await monitor.WaitUntilIdleAsync(year, turns).WaitAsync(TimeSpan.FromMinutes(1));
        return new StepFigures(counter.Snapshot() - before, after.Turn - turns, Stopwatch.GetElapsedTime(started));
    }

    private static void Print(string what, StepFigures s, string? perLabel = null, int per = 0)
    {
        var perText = perLabel is null ? "" : string.Create(CultureInfo.InvariantCulture, $" = {(double)s.Used.Table / per:F1} {perLabel}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {what,-34} {s.Used.Table,6} in {s.Turns} turn(s){perText}; blob {s.Used.Blob}; {s.Elapsed.TotalMilliseconds:F0} ms"));
    }

    private static Dictionary<string, string?> Settings(AzuriteProcess azurite, string dataFolder, string prefix, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DevServer:EmbeddedAzurite"] = "false",
            ["DevServer:DataFolder"] = dataFolder,
            ["DevServer:SecretariatPassword"] = "benchmark",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Storage:DocumentContainer"] = prefix,
            ["Mail:Provider"] = "Outbox",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    private static List<KeyValuePair<string, string>> SubmitFields(string page, Shared.Domain.Catalogue catalogue) =>
        FormPosts.SubmitAllGul(page, catalogue, "Arbejdet er i gang sammen med nabokommunerne.");

    private static string StepKind(OutboxMail m) =>
        m.Tags.GetValueOrDefault("step") ?? (m.Attachments.Count > 0 ? "own-form" : "secretariat");

    private static string Describe(IEnumerable<string> parts) => string.Join(", ", parts);

    private static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "fremdrift-bench-" + Guid.NewGuid().ToString("N")[..8]);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Makes ASP.NET Core create an Activity per request, so the counter can tell request work from the loop's.</summary>
    private static ActivityListener RequestActivities()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>Counts of storage requests; "in request" = made while serving an HTTP request, the rest by the loop.</summary>
    private sealed record Counts(long Table, long TableInRequest, long Blob, IReadOnlyDictionary<string, long> Tables)
    {
        public long TableInBackground => Table - TableInRequest;

        public static Counts operator -(Counts a, Counts b) => new(
            a.Table - b.Table,
            a.TableInRequest - b.TableInRequest,
            a.Blob - b.Blob,
            a.Tables.ToDictionary(kv => kv.Key, kv => kv.Value - b.Tables.GetValueOrDefault(kv.Key)).Where(kv => kv.Value > 0).ToDictionary());

        public string ByTable(string prefix) => string.Join(", ", Tables
            .OrderByDescending(kv => kv.Value)
            .Select(kv => $"{(kv.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? kv.Key[prefix.Length..] : kv.Key)} {kv.Value}"));
    }

    /// <summary>
    /// Listens to Azure.Core's event source: every HTTP request the SDK sends (each retry too) raises "Request"
    /// with its method and URI, synchronously on the sending flow, so <see cref="Activity.Current"/> tells
    /// whether an ASP.NET Core request is being served.
    /// </summary>
    private sealed class StorageRequestCounter(int tablePort, int blobPort) : EventListener
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, long> _tables = new(StringComparer.Ordinal);
        private long _table;
        private long _tableInRequest;
        private long _blob;

        public Counts Snapshot()
        {
            lock (_lock)
            {
                return new Counts(_table, _tableInRequest, _blob, new Dictionary<string, long>(_tables));
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Azure-Core")
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName != "Request" || e.PayloadNames is null || e.Payload is null)
            {
                return;
            }

            var index = e.PayloadNames.IndexOf("uri");
            if (index < 0 || e.Payload[index] is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return;
            }

            var inRequest = Activity.Current?.Source.Name == "Microsoft.AspNetCore";
            lock (_lock)
            {
                if (uri.Port == blobPort)
                {
                    _blob++;
                }
                else if (uri.Port == tablePort)
                {
                    _table++;
                    if (inRequest)
                    {
                        _tableInRequest++;
                    }

                    var name = TableName(uri);
                    _tables[name] = _tables.GetValueOrDefault(name) + 1;
                }
            }
        }

        /// <summary>"/devstoreaccount1/benchxSendLog(PartitionKey='2027',...)" → "benchxSendLog"; "$batch" and "Tables" as they are.</summary>
        private static string TableName(Uri uri)
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var last = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "?";
            var paren = last.IndexOf('(', StringComparison.Ordinal);
            var name = paren >= 0 ? last[..paren] : last;
            return name == "$batch" ? "$batch (transactions)" : name;
        }
    }
}
