using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Mail;
using Xunit.Abstractions;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// The local host as a separate process (the built DevServer), on the tests' Azurite, mailing a local SendGrid
/// listener that counts per recipient, killed (SIGKILL) or stopped (SIGTERM) in the middle of a mail round and
/// started again on the same storage. Real clock; the engine's redelivery and the stale-claim wait shortened by
/// settings. A mail in flight at a kill may arrive twice; none may be missing; a graceful stop sends nothing twice.
/// </summary>
public class CycleKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Killed_mid_invitation_round_with_a_request_held_open_every_chief_gets_the_invitation_and_only_mails_in_flight_go_twice()
    {
        await using var world = await World.StartAsync(output);
        world.HoldRequest(10);
        await world.StartHostAsync();
        var year = await world.StartCycleAsync();

        await world.Held.Task.WaitAsync(Patience);
        var inFlight = await world.KillAsync(year, MailSteps.Invitation);
        world.Release();
        await world.StartHostAsync();

        await world.WaitUntilSentAsync(year, MailSteps.Invitation, 29);
        world.Report("SIGKILL, invitations, the 10th request held open", MailSteps.Invitation, inFlight);
        Assert.Equal(29, world.Recipients(MailSteps.Invitation).Count);
        Assert.True(world.Twice(MailSteps.Invitation) <= inFlight, $"{world.Twice(MailSteps.Invitation)} went twice, {inFlight} were in flight");
    }

    [Fact]
    public async Task Killed_mid_reminder_round_every_chief_gets_the_reminder_and_only_mails_in_flight_go_twice()
    {
        await using var world = await World.StartAsync(output);
        await world.StartHostAsync();
        var year = await world.StartCycleAsync();
        await world.WaitUntilSentAsync(year, MailSteps.Invitation, 29);

        world.HoldRequest(10);
        await world.RequestReminderAsync(year);
        await world.Held.Task.WaitAsync(Patience);
        var step = MailSteps.Reminder(MailSteps.ManualRoundBase + 1);
        var inFlight = await world.KillAsync(year, step);
        world.Release();
        await world.StartHostAsync();

        await world.WaitUntilSentAsync(year, step, 29);
        world.Report("SIGKILL, reminder round (manual, through the loop), the 10th request held open", step, inFlight);
        Assert.Equal(29, world.Recipients(step).Count);
        Assert.True(world.Twice(step) <= inFlight, $"{world.Twice(step)} went twice, {inFlight} were in flight");
    }

    [Fact]
    public async Task Killed_mid_planned_reminder_round_every_chief_gets_reminder_1_and_only_mails_in_flight_go_twice()
    {
        await using var world = await World.StartAsync(output);
        var (year, step) = await world.PlanReminderRoundAsync(TimeSpan.FromSeconds(45));
        world.HoldRequest(10, step);
        await world.StartHostAsync();

        await world.Held.Task.WaitAsync(Patience);
        var inFlight = await world.KillAsync(year, step);
        world.Release();
        await world.StartHostAsync();

        await world.WaitUntilSentAsync(year, step, 29);
        world.Report("SIGKILL, planned reminder round 1, the 10th request held open", step, inFlight);
        Assert.Equal(29, world.Recipients(step).Count);
        Assert.True(world.Twice(step) <= inFlight, $"{world.Twice(step)} went twice, {inFlight} were in flight");
    }

    /// <summary>
    /// Storage dies instead of the host: the world's own Azurite (with a data folder) is SIGKILLed while the planned
    /// round 1 is under way, and started again on the same folder; the host process runs on throughout. Azurite loses
    /// what it acknowledged in its last seconds (send-log rows, the engine's messages and history), so mails sent in
    /// those seconds may go again; none may be missing, and the host must carry on by itself. Once as Azurite comes
    /// back from its folder, once having lost the Durable engine's task hub as well (its tables, queues, containers).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Azurite_killed_mid_planned_reminder_round_and_started_again_every_chief_gets_reminder_1_without_a_host_restart(bool taskHubLost)
    {
        await using var world = await World.WithOwnAzuriteAsync(output);
        var (year, step) = await world.PlanReminderRoundAsync(TimeSpan.FromSeconds(45));
        world.HoldRequest(10, step);
        await world.StartHostAsync();

        await world.Held.Task.WaitAsync(Patience);
        var killedAt = DateTime.UtcNow;
        await world.KillAzuriteAsync();
        world.Release();

        // Down long enough for the host's storage calls and the engine's polls to fail.
        await Task.Delay(TimeSpan.FromSeconds(5));
        if (taskHubLost)
        {
            await world.StartAzuriteAgainWithoutTheTaskHubAsync();
        }
        else
        {
            await world.StartAzuriteAgainAsync();
        }

        var backAt = DateTime.UtcNow;
        var back = Stopwatch.StartNew();
        await world.WaitUntilSentAsync(year, step, 29);
        var recovered = back.Elapsed;

        // Exposed to a second copy: every request of the round that SendGrid had before Azurite was back, since Azurite
        // may have lost the rows that recorded them (its last autosave, every 5 s, can be late on a busy machine) or
        // could not take them (down). Those of the 6 s before the kill are reported as well.
        var exposed = world.ArrivedBetween(step, DateTime.MinValue, backAt);
        var lastSeconds = world.ArrivedBetween(step, killedAt - TimeSpan.FromSeconds(6), killedAt);
        var whileDown = world.ArrivedBetween(step, killedAt, backAt);
        world.Report($"SIGKILL of Azurite{(taskHubLost ? ", back without the engine's task hub" : "")}, planned reminder round 1, the 10th request held open; all sent {recovered.TotalSeconds:0} s after Azurite was back; requests in the 6 s before the kill {lastSeconds}, while it was down {whileDown}", step, exposed);
        Assert.True(world.HostRunning, "The host process died.");
        Assert.Equal(29, world.Recipients(step).Count);
        Assert.True(world.Twice(step) <= exposed, $"{world.Twice(step)} went twice, {exposed} were exposed");
    }

    [Fact]
    public async Task Stopped_gracefully_mid_invitation_round_nothing_goes_twice_and_the_next_host_sends_the_rest()
    {
        await using var world = await World.StartAsync(output);

        // The 10th request takes 1.5 seconds (within the 4-second attempt timeout: an attempt that times out is retried
        // by the resilience handler and may be a second copy whatever the stop does): the stop comes while it is in
        // flight and must wait for it.
        world.SlowRequest(10, TimeSpan.FromSeconds(1.5));
        await world.StartHostAsync();
        var year = await world.StartCycleAsync();

        await world.Held.Task.WaitAsync(Patience);
        await world.TerminateAsync();
        await world.StartHostAsync();

        await world.WaitUntilSentAsync(year, MailSteps.Invitation, 29);
        world.Report("SIGTERM, invitations, the 10th request slow", MailSteps.Invitation, 0);
        await world.ExplainTwiceAsync(year, MailSteps.Invitation);
        Assert.Equal(29, world.Recipients(MailSteps.Invitation).Count);
        Assert.Equal(0, world.Twice(MailSteps.Invitation));
    }

    /// <summary>One storage, one SendGrid listener, and the host process started on them as often as asked.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly ScriptedSendGrid _sendGrid = new(202);
        private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "fremdrift-kill-" + Guid.NewGuid().ToString("N")[..8]);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<string> _log = new();
        private readonly ConcurrentQueue<(DateTime At, string? Step)> _arrivals = new();
        private StorageOptions _storage;
        private AzuriteProcess? _ownAzurite;
        private Func<string?, Task> _hold = _ => Task.CompletedTask;
        private Process? _host;
        private string _baseUrl = "";
        private int _answered;

        private World(ITestOutputHelper output, StorageOptions storage)
        {
            _output = output;
            _storage = storage;
            _sendGrid.BeforeAnswerTo = body =>
            {
                var step = StepOf(body);
                _arrivals.Enqueue((DateTime.UtcNow, step));
                return _hold(step);
            };
        }

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StorageClients Clients => TestAzurite.Clients(_storage);

        /// <summary>On the tests' shared Azurite (in memory; never killed).</summary>
        public static async Task<World> StartAsync(ITestOutputHelper output) => new(output, await TestAzurite.FreshOptionsAsync());

        /// <summary>On an Azurite of its own, keeping its data in the world's folder, that the test may kill and start again.</summary>
        public static async Task<World> WithOwnAzuriteAsync(ITestOutputHelper output)
        {
            var world = new World(output, await TestAzurite.FreshOptionsAsync());
            world._ownAzurite = await AzuriteProcess.StartAsync(Path.Combine(world._dataFolder, "azurite"), TimeSpan.FromSeconds(60));
            world._storage = new StorageOptions
            {
                ConnectionString = world._ownAzurite.ConnectionString,
                TablePrefix = world._storage.TablePrefix,
                DocumentContainer = world._storage.DocumentContainer,
                Retry = StorageRetryOptions.Azurite,
            };
            return world;
        }

        /// <summary>The <paramref name="n"/>th request (of <paramref name="step"/> only, when given) is held open (never answered) until <see cref="Release"/>.</summary>
        public void HoldRequest(int n, string? step = null) => _hold = s =>
        {
            if ((step is not null && s != step) || Interlocked.Increment(ref _answered) != n)
            {
                return Task.CompletedTask;
            }

            Held.TrySetResult();
            return _release.Task;
        };

        /// <summary>The <paramref name="n"/>th request is answered after <paramref name="delay"/>.</summary>
        public void SlowRequest(int n, TimeSpan delay) => _hold = _ =>
        {
            if (Interlocked.Increment(ref _answered) != n)
            {
                return Task.CompletedTask;
            }

            Held.TrySetResult();
            return Task.Delay(delay);
        };

        /// <summary>
        /// Before the host starts: the year the host plans, created with its reminder round 1 due about
        /// <paramref name="lead"/> from now on the real clock (deadline the next day, one reminder 1 day before it at
        /// that time of day, no minimum gap after the invitation), opened a week ago. The host's cycle timer starts its
        /// loop, which opens it, invites, and then sends the planned round 1 by itself. On a day off the round falls on
        /// the working day before and is due at once after the invitations; either way it is the planned round.
        /// </summary>
        public async Task<(int Year, string Step)> PlanReminderRoundAsync(TimeSpan lead)
        {
            var clients = Clients;
            await clients.EnsureCreatedAsync();
            var now = DateTimeOffset.UtcNow;
            var year = CycleSchedule.YearToPlan(now, new CycleOptions());
            var due = DanishDates.ToCopenhagen(now + lead);
            var cycle = new FollowUpCycle(
                year,
                year,
                now.AddDays(-7),
                DanishDates.ToUtc(DanishDates.DateOf(now + lead).AddDays(1), new TimeOnly(23, 59)),
                new ReminderPlan([1], new TimeOnly(due.Hour, due.Minute, due.Second), 3, TimeSpan.Zero),
                CloseEarlyWhenAllSubmitted: false,
                CycleState.Planned,
                null,
                null,
                "");
            await new CycleRepository(clients).CreateAsync(cycle);
            var round = CycleSchedule.Reminders(cycle);
            Assert.Equal(1, Assert.Single(round).Round);
            _output.WriteLine($"planned round 1 due {round[0].DueAt:o} (now {now:o})");
            return (year, MailSteps.Reminder(1));
        }

        /// <summary>SIGKILL of the world's own Azurite: what it acknowledged in its last seconds is lost.</summary>
        public Task KillAzuriteAsync() => _ownAzurite!.KillAsync();

        /// <summary>Azurite again on the same ports and data folder.</summary>
        public async Task StartAzuriteAgainAsync() => _ownAzurite = await _ownAzurite!.StartAgainAsync();

        public bool HostRunning => _host is { HasExited: false };

        /// <summary>Requests for <paramref name="step"/> that SendGrid got from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public int ArrivedBetween(string step, DateTime from, DateTime to) => _arrivals.Count(a => a.Step == step && a.At >= from && a.At <= to);

        /// <summary>
        /// Azurite again on the same ports and folder, but without the Durable engine's task hub (its tables, queues and
        /// containers), as an Azurite that comes back having lost them: opened on other ports first, the hub deleted, and
        /// stopped gracefully so that it saves.
        /// </summary>
        public async Task StartAzuriteAgainWithoutTheTaskHubAsync()
        {
            var hub = Fremdrift.DevServer.Durable.DurableEngine.TaskHubFor(_storage.TablePrefix);
            var aside = await AzuriteProcess.StartAsync(_ownAzurite!.DataFolder, TimeSpan.FromSeconds(60));
            try
            {
                var deleted = new List<string>();
                var tables = new Azure.Data.Tables.TableServiceClient(aside.ConnectionString);
                await foreach (var table in tables.QueryAsync())
                {
                    if (table.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
                    {
                        await tables.DeleteTableAsync(table.Name);
                        deleted.Add(table.Name);
                    }
                }

                var queues = new Azure.Storage.Queues.QueueServiceClient(aside.ConnectionString);
                await foreach (var queue in queues.GetQueuesAsync())
                {
                    if (queue.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
                    {
                        await queues.DeleteQueueAsync(queue.Name);
                        deleted.Add(queue.Name);
                    }
                }

                var blobs = new Azure.Storage.Blobs.BlobServiceClient(aside.ConnectionString);
                await foreach (var container in blobs.GetBlobContainersAsync())
                {
                    if (container.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
                    {
                        await blobs.DeleteBlobContainerAsync(container.Name);
                        deleted.Add(container.Name);
                    }
                }

                _output.WriteLine("deleted: " + string.Join(", ", deleted));
                Assert.Contains(deleted, d => d.Contains("control", StringComparison.OrdinalIgnoreCase));
            }
            finally
            {
                await aside.StopAsync();
                await aside.DisposeAsync();
            }

            _ownAzurite = await _ownAzurite.StartAgainAsync();
        }

        private static string? StepOf(string body)
        {
            try
            {
                var p = JsonDocument.Parse(body).RootElement.GetProperty("personalizations")[0];
                return p.TryGetProperty("custom_args", out var args) && args.TryGetProperty("step", out var s) ? s.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public void Release() => _release.TrySetResult();

        /// <summary>
        /// Starts the host on a free port, and on another if that one was taken between finding it and the host binding
        /// it (the host then exits saying its address is in use).
        /// </summary>
        public async Task StartHostAsync() => await LoopbackPorts.RetryOnAddressInUseAsync(async port =>
        {
            await StartHostOnAsync(port);
            return true;
        });

        private async Task StartHostOnAsync(int port)
        {
            _baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
            var dll = Path.Combine(AzuriteProcess.RepositoryRoot(), "src", "DevServer", "bin", "Release", "net10.0", "Fremdrift.DevServer.dll");
            var info = new ProcessStartInfo("dotnet", [dll])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AzuriteProcess.RepositoryRoot(),
            };
            var settings = new Dictionary<string, string>
            {
                ["urls"] = _baseUrl,
                ["DevServer__EmbeddedAzurite"] = "false",
                ["DevServer__CycleLoop"] = "true",
                ["DevServer__DataFolder"] = _dataFolder,
                ["DevServer__SecretariatPassword"] = TestDevServer.SecretariatPassword,
                ["DevServer__DurableRedelivery"] = "00:00:10",
                ["Storage__ConnectionString"] = _storage.ConnectionString,
                ["Storage__TablePrefix"] = _storage.TablePrefix,
                ["Storage__DocumentContainer"] = _storage.DocumentContainer,
                ["Mail__Provider"] = "SendGrid",
                ["Mail__SendGridApiKey"] = "SG.test-key-not-real",
                ["Mail__SendGridHost"] = _sendGrid.Host,
                // An attempt that times out is retried and may be a second copy whatever a stop does; 4 s leaves the
                // slow request (1.5 s) room on a busy machine (at 2 s it timed out at load 18). The longest send,
                // 4 s × 2 + 0.4 s, stays under the 12-second stale-claim wait, as the app requires.
                ["Mail__AttemptTimeout"] = "00:00:04",
                ["Mail__RetryAttempts"] = "1",
                ["Mail__RetryDelay"] = "00:00:00.200",
                ["Mail__StaleClaimAfter"] = "00:00:12",
                ["Survey__LinkSigningKey"] = CycleTestHost.SigningKey,
                ["Survey__PublicBaseUrl"] = _baseUrl,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in settings)
            {
                info.Environment[key] = value;
            }

            _host = Process.Start(info) ?? throw new InvalidOperationException("The host did not start.");
            _host.OutputDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
            _host.ErrorDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
            _host.BeginOutputReadLine();
            _host.BeginErrorReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (DateTime.UtcNow < giveUp && !_host.HasExited)
            {
                try
                {
                    if ((await http.GetAsync(_baseUrl + "/")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            throw new InvalidOperationException("The host did not answer: " + string.Join('\n', _log));
        }

        /// <summary>Opens the year the host plans, now, as the secretariat does ("Start opfølgningen nu", confirmed).</summary>
        public async Task<int> StartCycleAsync()
        {
            var year = CycleSchedule.YearToPlan(DateTimeOffset.UtcNow, new CycleOptions());
            var response = await PostAsync("/sekretariat/kommando/start", ("aar", year.ToString(CultureInfo.InvariantCulture)), ("bekraeft", "ja"));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            return year;
        }

        /// <summary>"Send påmindelse nu", confirmed, overriding the minimum gap (the invitations just went).</summary>
        public async Task RequestReminderAsync(int year)
        {
            var response = await PostAsync("/sekretariat/kommando/paamind", ("aar", year.ToString(CultureInfo.InvariantCulture)), ("runde", "1"), ("bekraeft", "ja"), ("tilsidesaet", "ja"));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        /// <summary>SIGKILL; returns how many of <paramref name="step"/>'s requests SendGrid had that the send log does not show as sent (in flight).</summary>
        public async Task<int> KillAsync(int year, string step)
        {
            _host!.Kill();
            await _host.WaitForExitAsync();
            var sent = (await new SendLogRepository(Clients).ListAsync(year)).Count(e => e.Step == step && e.Status == SendStatus.Sent);
            return Requests(step).Count - sent;
        }

        /// <summary>SIGTERM, as the platform sends on scale-in and deployment; waits for the host to exit.</summary>
        public async Task TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _host!.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            await _host.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        public async Task WaitUntilSentAsync(int year, string step, int count)
        {
            var log = new SendLogRepository(Clients);
            var giveUp = DateTime.UtcNow + Patience;
            IReadOnlyList<SendLogEntry> rows = [];
            while (DateTime.UtcNow < giveUp)
            {
                rows = (await log.ListAsync(year)).Where(e => e.Step == step).ToList();
                if (rows.Count(e => e.Status == SendStatus.Sent) >= count)
                {
                    return;
                }

                await Task.Delay(500);
            }

            throw new TimeoutException($"{rows.Count(e => e.Status == SendStatus.Sent)} of {count} {step} sent: " +
                string.Join("; ", rows.Where(e => e.Status != SendStatus.Sent).Select(e => $"{e.MunicipalityCode} {e.Status} {e.Reason}")) + "\n" + string.Join('\n', _log.TakeLast(40)));
        }

        /// <summary>The requests SendGrid got for <paramref name="step"/>, as (recipient) per request.</summary>
        public List<string> Requests(string step) =>
            _sendGrid.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("personalizations")[0])
                .Where(p => p.TryGetProperty("custom_args", out var args) && args.TryGetProperty("step", out var s) && s.GetString() == step)
                .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!)
                .ToList();

        public Dictionary<string, int> Recipients(string step) => Requests(step).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());

        public int Twice(string step) => Recipients(step).Values.Sum(n => n - 1);

        /// <summary>Writes the send-log rows and the hosts' log lines of the recipients who got a mail twice.</summary>
        public async Task ExplainTwiceAsync(int year, string step)
        {
            var twice = Recipients(step).Where(r => r.Value > 1).Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var row in (await new SendLogRepository(Clients).ListAsync(year)).Where(e => e.Step == step && twice.Contains(e.To ?? "")))
            {
                _output.WriteLine($"twice: {row.MunicipalityCode} {row.Status} attempts {row.Attempts} {row.Reason}");
            }

            if (twice.Count > 0)
            {
                _output.WriteLine(string.Join('\n', _log.Where(l => l.Length > 0)));
            }
        }

        public void Report(string moment, string step, int inFlight) =>
            _output.WriteLine($"| {moment} | {Twice(step)} | {29 - Recipients(step).Count} | yes (in flight at the stop: {inFlight}) |");

        public void WriteHostLog() => _output.WriteLine(string.Join('\n', _log.Where(l => l.Length > 0)));

        private async Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields)
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_baseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretariatAuth.User + ":" + TestDevServer.SecretariatPassword)));
            return await client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        }

        public async ValueTask DisposeAsync()
        {
            Release();
            if (_host is { HasExited: false })
            {
                _host.Kill();
                await _host.WaitForExitAsync();
            }

            _host?.Dispose();
            await _sendGrid.DisposeAsync();
            if (_ownAzurite is not null)
            {
                await _ownAzurite.KillAsync();
                await _ownAzurite.DisposeAsync();
            }

            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
