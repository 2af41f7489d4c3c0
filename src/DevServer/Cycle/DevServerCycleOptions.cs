namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// The local host's cycle settings (keys in section "DevServer"). The loop is off unless asked for, so that
/// in-process tests of other features are not mailed by a loop they do not control; <c>scripts/run.sh</c>
/// turns it on (see Program.cs).
/// </summary>
internal sealed class DevServerCycleOptions
{
    public const string Section = "DevServer";

    /// <summary>Run the cycle: the app's orchestrator on the local Durable engine, and the daily timer's job.</summary>
    public bool CycleLoop { get; set; }

    /// <summary>Where the local Durable engine keeps its orchestrations: AzureStorage (on Azurite, as in Azure) or InMemory.</summary>
    public Durable.DurableBackend DurableBackend { get; set; } = Durable.DurableBackend.AzureStorage;

    /// <summary>The engine's own storage account (its task hub); empty: the app's (Storage__ConnectionString), as in Azure.</summary>
    public string? DurableConnectionString { get; set; }

    /// <summary>
    /// The local engine's redelivery time of a message whose worker died (empty: the provider's 5 minutes, as in
    /// Azure). The kill tests shorten it, with <c>Mail:StaleClaimAfter</c> to match.
    /// </summary>
    public TimeSpan? DurableRedelivery { get; set; }

    /// <summary>1 = real time. e.g. 345600 makes a day pass in 0.25 seconds.</summary>
    public double ClockSpeed { get; set; } = 1;

    /// <summary>Where the accelerated clock starts; empty: now (or, in the demo, shortly before the next opening).</summary>
    public DateTimeOffset? ClockStart { get; set; }

    /// <summary>
    /// Mail the secretariat the readiness check 30 and 7 days before the opening from the daily timer's job, as the
    /// Functions timer does (never in the demo). The tests' hosts turn it off, so the loop's tests count only the
    /// chiefs' mails; the readiness tests turn it on.
    /// </summary>
    public bool ReadinessMail { get; set; } = true;

    /// <summary>The demo: accelerated clock, fresh storage, simulated answers, progress lines.</summary>
    public bool Demo { get; set; }

    /// <summary>How many of the jobcentres answer in the demo.</summary>
    public int DemoAnswers { get; set; } = 20;

    /// <summary>Seed of the demo's random answers and times; empty: different each run.</summary>
    public int? DemoSeed { get; set; }

    /// <summary>Print a progress line per step to the console (on by default in the demo).</summary>
    public bool? ProgressLines { get; set; }

    /// <summary>
    /// The demo's default speed: a day in 0.25 seconds, so the 7 weeks from the opening to the deadline take about 13 s.
    /// The clock waits for the loop at each of its wake-ups (<see cref="AcceleratedTimeProvider.RunUntil"/>), so a
    /// faster clock makes no round late, only the pauses while a round runs a larger part of the demo.
    /// </summary>
    public const double DemoSpeed = 86400 / 0.25;
}
