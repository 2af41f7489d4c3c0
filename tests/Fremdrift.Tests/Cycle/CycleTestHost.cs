using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// The real local host on a fake clock, running the app's orchestrator on the Durable engine (Azure Storage provider
/// on the test Azurite, unless a test asks for another backend), with helpers to step the clock to the loop's next
/// wake-up and to submit a jobcentre's answers the way a submit does (repository write + AnswerSubmitted signal).
/// The fake clock moves only when a test moves it, so the loop waits for signals; stepping the clock signals it.
/// </summary>
internal sealed class CycleTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A fixed link signing key, so that a restarted host derives the same links.</summary>
    public const string SigningKey = "dGVzdC1rZXktZm9yLWN5Y2xlLXRlc3RzLW9ubHktMzJieXRlcw==";

    private readonly bool _loop;

    private CycleTestHost(TestDevServer server, FakeTimeProvider clock, bool loop)
    {
        Server = server;
        Clock = clock;
        _loop = loop;
    }

    public TestDevServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public CycleLoopMonitor Monitor => Server.Get<CycleLoopMonitor>();

    /// <summary>The year whose loop the host watches (the year to plan at the start; a test of a second year moves it on).</summary>
    public int Year { get; set; }

    /// <summary>The loop's status now.</summary>
    public async Task<CycleLoopStatus> StatusAsync() =>
        await Monitor.StatusAsync(Year) ?? throw new InvalidOperationException("The loop has no status yet.");

    /// <summary>When the waiting loop wakes by itself, on the cycle's clock.</summary>
    public async Task<DateTimeOffset?> WakeAtAsync() => (await StatusAsync()).WakeAt;

    public static async Task<CycleTestHost> StartAsync(DateTimeOffset start, bool loop = true, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(start);
        var config = new Dictionary<string, string?>
        {
            ["DevServer:CycleLoop"] = loop ? "true" : "false",
            ["Survey:LinkSigningKey"] = SigningKey,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var server = await TestDevServer.StartAsync(config, services => services.AddSingleton<TimeProvider>(clock));
        var host = new CycleTestHost(server, clock, loop) { Year = server.Get<CycleStarter>().YearToPlan() };
        if (loop)
        {
            await host.Monitor.WaitUntilIdleAsync(host.Year, -1).WaitAsync(Patience);

            // A loop that was already waiting in the task hub (a host started again on the same storage) looks at
            // the clock now, as the local host's start makes it do.
            await host.SignalAndWaitAsync(new CycleSignal(host.Year, CycleSignalKind.ClockMoved, null, "start"));
        }

        return host;
    }

    /// <summary>Settings that point a second host at this host's tables and container.</summary>
    public IDictionary<string, string?> SameStorage()
    {
        var options = Server.Get<StorageClients>().Options;
        return new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = options.TablePrefix,
            ["Storage:DocumentContainer"] = options.DocumentContainer,
        };
    }

    /// <summary>Moves the clock to <paramref name="target"/>, stopping at every wake-up of the loop on the way and waiting for its turn.</summary>
    public async Task AdvanceToAsync(DateTimeOffset target)
    {
        while (true)
        {
            var status = await StatusAsync();
            if (status.WakeAt is not { } wake || wake > target || status.Finished)
            {
                if (target > Clock.GetUtcNow())
                {
                    Clock.SetUtcNow(target);
                }

                return;
            }

            if (wake > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(wake);
            }

            await SignalAndWaitAsync(new CycleSignal(Year, CycleSignalKind.ClockMoved, null, null), status.Turn);
        }
    }

    /// <summary>Raises <paramref name="signal"/> and waits until the loop is idle again after the turn it wakes.</summary>
    public async Task SignalAndWaitAsync(CycleSignal signal, long? afterTurn = null)
    {
        var turn = afterTurn ?? (await StatusAsync()).Turn;
        await Server.Get<ICycleSignals>().RaiseAsync(signal, default);
        await Monitor.WaitUntilIdleAsync(signal.Year, turn).WaitAsync(Patience);
    }

    /// <summary>Submits a complete form for the jobcentre and waits for the loop's turn on the signal.</summary>
    public async Task SubmitAsync(int year, int code)
    {
        var jobcentre = (await Server.Get<JobcentreRepository>().GetAsync(code))!.Jobcentre;
        var saved = await SimulatedAnswers.SubmitAsync(Server.Get<CatalogueRepository>(), Server.Get<ResponseRepository>(), year, jobcentre, Clock.GetUtcNow(), new Random(code), default);
        Assert.True(saved);
        if (!_loop)
        {
            return;
        }

        await SignalAndWaitAsync(new CycleSignal(year, CycleSignalKind.AnswerSubmitted, code, null));
    }

    public async Task<IReadOnlyList<SendLogEntry>> SendLogAsync(int year) => await Server.Get<SendLogRepository>().ListAsync(year);

    public async Task<FollowUpCycle> CycleAsync(int year) => (await Server.Get<CycleRepository>().GetAsync(year))!;

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
