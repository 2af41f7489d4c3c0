using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// The real local host on a fake clock, with helpers to step the clock to the cycle loop's next wake-up and to
/// submit a jobcentre's answers the way a submit does (repository write + AnswerSubmitted signal).
/// </summary>
internal sealed class CycleTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A fixed link signing key, so that a restarted host derives the same links.</summary>
    public const string SigningKey = "dGVzdC1rZXktZm9yLWN5Y2xlLXRlc3RzLW9ubHktMzJieXRlcw==";

    private CycleTestHost(TestDevServer server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
    }

    public TestDevServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public CycleLoopMonitor Monitor => Server.Get<CycleLoopMonitor>();

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
        var host = new CycleTestHost(server, clock);
        if (loop)
        {
            await host.Monitor.WaitUntilIdleAsync(0).WaitAsync(Patience);
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
            var wake = Monitor.WakeAt;
            if (wake is null || wake > target)
            {
                if (target > Clock.GetUtcNow())
                {
                    Clock.SetUtcNow(target);
                }

                return;
            }

            var turns = Monitor.Turns;
            if (wake > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(wake.Value);
            }

            await Monitor.WaitUntilIdleAsync(turns).WaitAsync(Patience);
        }
    }

    /// <summary>Submits a complete form for the jobcentre and waits for the loop's turn on the signal.</summary>
    public async Task SubmitAsync(int year, int code)
    {
        var jobcentre = (await Server.Get<JobcentreRepository>().GetAsync(code))!.Jobcentre;
        var saved = await SimulatedAnswers.SubmitAsync(Server.Get<CatalogueRepository>(), Server.Get<ResponseRepository>(), year, jobcentre, Clock.GetUtcNow(), new Random(code), default);
        Assert.True(saved);
        var turns = Monitor.Turns;
        await Server.Get<ICycleSignals>().RaiseAsync(new CycleSignal(year, CycleSignalKind.AnswerSubmitted, code, null), default);
        await Monitor.WaitUntilIdleAsync(turns).WaitAsync(Patience);
    }

    public async Task<IReadOnlyList<SendLogEntry>> SendLogAsync(int year) => await Server.Get<SendLogRepository>().ListAsync(year);

    public async Task<FollowUpCycle> CycleAsync(int year) => (await Server.Get<CycleRepository>().GetAsync(year))!;

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
