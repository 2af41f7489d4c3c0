using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fremdrift.DevServer.Azurite;

/// <summary>
/// Starts Azurite (installed by the README commands under tools/node_modules) on free loopback ports and
/// stops it again. Used by the local host as its embedded default and by the tests, which each get their own.
/// With a data folder, Azurite keeps its tables, queues and blob metadata in LokiJS databases that it writes to disk
/// every 5 seconds (autosave), not at each write: a write it has acknowledged is lost if Azurite dies before the
/// next save (tests/Fremdrift.Tests/Cycle/AzuriteCrashTests.cs shows it). So a kept Azurite is stopped gracefully
/// (SIGTERM: it saves and closes), never killed, unless it does not go.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; public by design, not a secret.
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, string? dataFolder, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        DataFolder = dataFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>Where it keeps its data; null when in memory.</summary>
    public string? DataFolder { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite. <paramref name="dataFolder"/> null keeps everything in memory (tests); a folder keeps data
    /// across restarts (the local host). Throws with a Danish message if Azurite is missing or does not start.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string? dataFolder, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        // A port found free can be taken by another process before Azurite binds it; Azurite then exits saying
        // EADDRINUSE, and another set of ports is tried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(dataFolder, (FreePort(), FreePort(), FreePort()), timeout, ct);
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>Starts Azurite again on the same ports and data folder (after <see cref="KillAsync"/> or <see cref="StopAsync"/>).</summary>
    public Task<AzuriteProcess> StartAgainAsync(CancellationToken ct = default) =>
        StartOnAsync(DataFolder, (BlobPort, QueuePort, TablePort), TimeSpan.FromSeconds(60), ct);

    private static async Task<AzuriteProcess> StartOnAsync(string? dataFolder, (int Blob, int Queue, int Table) ports, TimeSpan? timeout, CancellationToken ct)
    {
        var executable = FindExecutable();
        var (blob, queue, table) = ports;
        var arguments = new List<string>
        {
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
        };
        if (dataFolder is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataFolder);
            arguments.Add("--location");
            arguments.Add(dataFolder);
        }

        var info = OwnedProcess.StartInfo(executable, arguments);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Azurite kunne ikke startes.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, dataFolder, blob, queue, table);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                break;
            }

            if (await AnswersHttp(table) && await AnswersHttp(blob))
            {
                return azurite;
            }

            await Task.Delay(100, ct);
        }

        await azurite.DisposeAsync();
        string log;
        lock (output)
        {
            log = output.ToString();
        }

        throw new InvalidOperationException($"Azurite ({executable}) startede ikke inden for tidsgrænsen. Output:\n{log}");
    }

    /// <summary>SIGKILL, as a crash would: whatever Azurite has not saved yet is lost (the tests' storage-crash cases).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// A graceful stop: SIGTERM to the watchdog, which passes it on to Azurite (it saves its databases and closes)
    /// and kills it only if it has not gone within 3 seconds. Waits for it to go.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                return;
            }
            catch (TimeoutException)
            {
                // Did not go; killed below.
            }
        }

        await KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (DataFolder is not null)
            {
                // Kept data: let Azurite save what it has acknowledged (see the class comment).
                await StopAsync();
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Nothing more we can do; the OS reaps it with our process.
        }

        _process.Dispose();
    }

    /// <summary>tools/node_modules/.bin/azurite in the repository, found by walking up from the app's folder.</summary>
    public static string FindExecutable()
    {
        var fromEnv = Environment.GetEnvironmentVariable("FREMDRIFT_AZURITE");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "Azurite er ikke installeret. Kør scripts/run.sh eller scripts/test.sh (de installerer den under tools/), " +
            "eller sæt FREMDRIFT_AZURITE til stien til azurite.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>
    /// Ready means answering HTTP, not just an open port: with a data folder, Azurite may accept connections before
    /// it has loaded its store, and the first storage call of the host then failed. Any HTTP status will do (an
    /// unsigned request gets 4xx).
    /// </summary>
    private static async Task<bool> AnswersHttp(int port)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri($"http://127.0.0.1:{port}/devstoreaccount1?comp=list"));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
