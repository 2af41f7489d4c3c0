using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fremdrift.DevServer.Azurite;

/// <summary>
/// Starts Azurite (installed by the README commands under tools/node_modules) on free loopback ports and
/// stops it again. Used by the local host as its embedded default and by the tests, which each get their own.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; public by design, not a secret.
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

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
        var executable = FindExecutable();
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
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

        var azurite = new AzuriteProcess(process, blob, queue, table);
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

    public async ValueTask DisposeAsync()
    {
        try
        {
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
